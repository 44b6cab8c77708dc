/// <reference lib="webworker" />
import { RunController } from './runController';
import type { FromWorker, ToWorker } from './protocol';

// The simulation runs here, off the page's thread, so the page never stalls however hard
// the engine works; the page receives at most one snapshot per animation frame.
const scope = self as unknown as DedicatedWorkerGlobalScope;

const controller = new RunController((message: FromWorker) => scope.postMessage(message), {
  now: () => performance.now(),
  schedule: (fn, ms) => {
    setTimeout(fn, ms);
  },
});

let queue: Promise<void> = Promise.resolve();
scope.onmessage = (event: MessageEvent<ToWorker>) => {
  // Messages are handled one at a time, in order, even when one awaits real SQL.
  queue = queue.then(() => controller.handle(event.data));
};
