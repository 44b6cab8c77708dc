import type { DbLabHook } from './testHook';

declare global {
  interface Window {
    /** The Playwright test hook, installed by src/app/testHook.ts. */
    __dbLab: DbLabHook;
  }
}

export {};
