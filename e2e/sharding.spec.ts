import { BOOT_MS, ensurePlaying, expect, followAddress, labState, openLab, sharedPage, test } from './fixtures';
import { expectLaidOutAndAccessible } from './layoutChecks';

/**
 * The sharding lab end to end, on one page whose shard nodes (a worker each, plus the reference
 * node) boot once: the shard map and its key lookup, each shard's rows and load, a report's
 * fan-out with its merges checked, bad input refused in the panel, resharding's progress, a hot
 * range, and a coordinator crash leaving transactions in doubt on their shards. Two shards keep the boot light. That the shards' real
 * rows, prepared transactions and checksums match the model is proven in Node
 * (src/patterns/sharding/realShards.test.ts).
 */

const CLUSTER_BOOT_MS = 2 * BOOT_MS;

test.describe('sharding lab', () => {
  const shared = sharedPage((page) => openLab(page, '#/lab/sharding?shards=2&strategy=consistent-hash&vnodes=20&t=3', CLUSTER_BOOT_MS), CLUSTER_BOOT_MS + 60_000);
  test.describe.configure({ timeout: BOOT_MS });

  test('the shard map is drawn as a ring, the lookup names a customer’s shard now and after one more shard, each shard shows its rows', async () => {
    const page = shared();
    const view = page.getByTestId('sharding-view');
    // 2 shards × 20 vnodes: one tick per point (the looked-up key's pointer is drawn in a group of its own).
    await expect(view.locator('svg.shard-ring > line')).toHaveCount(40);
    await page.getByTestId('key-lookup-input').fill('42');
    await expect(page.getByTestId('key-lookup-result')).toContainText(/hash 0x[0-9a-f]{8}.*→ shard-[01].*with 3 shards: shard-[012] \((stays|moves)\)/);
    await expect(view.getByTestId('ring-key')).toBeVisible();
    await expect(page.getByTestId('shard-row-0')).toContainText(/[1-9][\d,]* rows/);
    await expect(page.getByTestId('shard-row-2')).toContainText('(spare)');
  });

  test('reports fan out to every shard and their merges are checked; playing moves the clock', async () => {
    const page = shared();
    await expect(page.getByTestId('scatter-panel')).toContainText('shard-0: its top 10 + city sums');
    await expect(page.getByTestId('scatter-panel')).toContainText(/Merges checked against one node holding every row: [1-9]\d* \(simulated\), all equal/);
    const before = (await labState(page)).now;
    await ensurePlaying(page);
    await expect.poll(async () => (await labState(page)).now, { timeout: 60_000 }).toBeGreaterThan(before);
  });

  test('bad input is refused in the panel with its reason, and the running lab is kept', async () => {
    const page = shared();
    const before = await labState(page);
    const writes = page.getByLabel('Writes', { exact: true });
    await writes.fill('0.9');
    await writes.press('Enter');
    const error = page.locator('[data-param="writeFraction"] .field-error');
    await expect(error).toContainText('may not exceed 1');
    await expect(error).toContainText('the request shares sum to');
    // More shards than a browser tab holds as PGlite nodes: refused here (the CLI runs them with --model-only).
    const shards = page.getByLabel('Shards', { exact: true });
    await shards.fill('16');
    await shards.press('Enter');
    await expect(page.locator('[data-param="shards"] .field-error')).toContainText('at most 8 shards run as real PGlite nodes');
    const after = await labState(page);
    expect(after.params.shards).toBe(before.params.shards);
    expect(after.params.writeFraction).toBe(before.params.writeFraction);
    expect(after.loaded).toBe(true);
    // Still the same run, still playing.
    await expect.poll(async () => (await labState(page)).now, { timeout: 60_000 }).toBeGreaterThan(after.now);
  });

  test('adding a shard reshards online: phases, rows moved, a third shard in the map', async () => {
    const page = shared();
    await page.getByRole('button', { name: 'Add a shard now' }).click();
    const panel = page.getByTestId('reshard-panel');
    await expect(panel).toContainText('addShard: 2 → 3 shards', { timeout: 60_000 });
    await expect(panel).toContainText('done', { timeout: 120_000 });
    await expect(page.getByTestId('shard-row-2')).not.toContainText('(spare)');
    await expect(page).toHaveURL(/act=[\d.]+:addShard/);
  });

  test('ranges under a Zipf mix: a hot shard; a coordinator crash under 2PC leaves transfers in doubt on their shards, holding row locks', async () => {
    test.setTimeout(CLUSTER_BOOT_MS + 60_000);
    const page = shared();
    await followAddress(page, '#/lab/sharding?shards=2&strategy=range&keyDist=zipf&networkRttMs=50&arrivalRate=200&crossShardTxnFraction=0.5&pointReadFraction=0.2&coordinatorCrashAtS=2&t=4', CLUSTER_BOOT_MS);
    await expect(page.getByTestId('shard-map').locator('.shard-range')).toHaveCount(2);
    // The busy customers share the first range.
    await expect(page.getByTestId('shard-row-0')).toContainText('· hot');
    await expect(page.getByTestId('shard-row-0').locator('.shard-bar-fill--hot')).toBeVisible();
    const doubt = page.getByTestId('in-doubt');
    await expect(doubt).toContainText(/\d+ transfers? in doubt/);
    await expect(doubt).toContainText(/prepared on shard-\d/);
    await expect(page.getByTestId('txn-panel')).toContainText('down since 2.0 s');
    await expect(page.getByTestId('shard-bars').locator('.shard-doubt-row').first()).toContainText(/shard-\d: \d+ in doubt, locking accounts? \d/);
    await expect(page.getByTestId('money-drift')).toContainText('0.00');
  });

  // Last, on the run the page shows (two range shards, hot, with transfers in doubt: two badge lines per
  // shard), played a moment (e2e/layoutChecks.ts); more shards stacked in a column are checked in
  // src/viz/topologyLayout.test.ts (the default four shards here would boot every node again).
  test('at 1280×720 nothing spills out of its box, and axe finds no serious violation in either theme', async () => {
    await expectLaidOutAndAccessible(shared(), 'sharding');
  });
});
