import { writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * The end of a lab's measure…Costs.ts script. When node runs that very file
 * (`npx tsx src/patterns/<lab>/measure….ts`), measure and write the figures as JSON to `fileName`
 * beside it: the file the lab's model reads and a test recomputes. Imported (by that test), it
 * does nothing. Node only, so the kit's index (which the worker loads) does not export it.
 */
export async function writeCostsWhenRun(moduleUrl: string, fileName: string, measure: () => Promise<unknown>, format: 'compact' | 'indented' = 'compact'): Promise<void> {
  const script = fileURLToPath(moduleUrl);
  if (!process.argv[1] || resolve(process.argv[1]) !== script) return;
  const costs = await measure();
  const file = resolve(dirname(script), fileName);
  writeFileSync(file, `${format === 'indented' ? JSON.stringify(costs, null, 2) : JSON.stringify(costs)}\n`);
  process.stdout.write(format === 'indented' ? `wrote ${file}\n${JSON.stringify(costs)}\n` : `wrote ${file}\n`);
}
