/**
 * URLs of the prebuilt PGlite data images (built by src/db/dataImage.ts through the Vite
 * plugin), keyed by dataset as `customers-seed`. Empty when none were built: nodes then boot
 * cold (initdb and data load), which is slower but gives the same data.
 */
const urls = import.meta.glob<string>('./images/*.tar.gz', { query: '?url', import: 'default', eager: true });

export function dataImageUrl(dataset: { customers: number; seed: number }): string | null {
  const prefix = `./images/demo-${dataset.customers}-${dataset.seed}-`;
  const match = Object.entries(urls).find(([path]) => path.startsWith(prefix));
  return match ? match[1] : null;
}
