import { BOOT_MS, expect, openLab, sharedPage, test } from './fixtures';
import { expectLaidOutAndAccessible } from './layoutChecks';

/**
 * The query lab end to end, against the built app: the index view runs real EXPLAIN ANALYZE on
 * the lab's PGlite primary, an index on the filtered column turns the Seq Scan into an index
 * scan on screen and the comparison marks the change; a composite index is not used for its
 * second column alone; PostgreSQL's errors reach the learner and their SQL stays. One page for
 * all: PGlite boots once (5–15 s on a fast machine, more on a small one) before the first plan.
 */

test.describe('query lab', () => {
  const shared = sharedPage(async (page) => {
    await openLab(page, '#/lab/query');
    await expect(page.getByTestId('index-lab')).toBeVisible();
    // The first plan is PostgreSQL's: once it shows, PGlite has booted.
    await expect(page.getByTestId('query-plan').getByText('Seq Scan on orders').filter({ visible: true }).first()).toBeVisible({ timeout: BOOT_MS });
  });
  test.describe.configure({ timeout: 120_000 });

  test('adding an index on the filtered column turns the Seq Scan into an index scan, and the comparison marks it', async () => {
    const page = shared();
    const plan = page.getByTestId('query-plan');
    // The seed query filters orders by customer_id: without an index, the whole table is read.
    await expect(plan.getByText('Seq Scan on orders').filter({ visible: true }).first()).toBeVisible();
    await expect(page.getByTestId('query-scans')).toContainText('orders: reads the whole table');
    await expect(page.getByTestId('query-checklist')).toContainText('orders.customer_id — no index');

    await page.getByTestId('suggest-orders-customer_id').click();

    const compare = page.getByTestId('plan-compare');
    await expect(compare).toBeVisible({ timeout: 60_000 });
    await expect(compare.getByRole('heading', { name: /create index ix_orders_customer_id on orders \(customer_id\)/ })).toBeVisible();
    // The change is listed and marked: Seq Scan → an index scan of orders, with the new index.
    const diff = compare.getByTestId('plan-diff');
    await expect(diff).toContainText('Changed');
    await expect(diff).toContainText(/Seq Scan → (Bitmap Heap Scan|Index Scan)/);
    await expect(diff).toContainText('ix_orders_customer_id');
    const [before, after] = [compare.getByTestId('plan-viewer').nth(0), compare.getByTestId('plan-viewer').nth(1)];
    // Visible text only: each tree row also carries an SVG <title> with the same words.
    await expect(before.getByText('Seq Scan on orders').filter({ visible: true }).first()).toBeVisible();
    await expect(after.getByText(/Index Scan on ix_orders_customer_id/).filter({ visible: true }).first()).toBeVisible();
    await expect(after.getByText('Seq Scan on orders').filter({ visible: true })).toHaveCount(0);
    await expect(after.getByText(/^changed$/i).filter({ visible: true }).first()).toBeVisible();

    await expect(page.getByTestId('query-scans')).toContainText('orders: found through index ix_orders_customer_id');
    await expect(page.getByTestId('query-checklist')).toContainText('orders.customer_id — index ix_orders_customer_id');
    await expect(page.getByTestId('query-read-gain')).toContainText('cheaper');
  });

  test('an index on (city, name) is not used for a search on name alone, and the checklist says why', async () => {
    const page = shared();
    await page.getByTestId('query-choice').selectOption('customer-by-name');
    await expect(page.getByTestId('query-plan').getByText('Seq Scan on customers').first()).toBeVisible({ timeout: 60_000 });
    await page.getByTestId('suggest-customers-city-name').click();
    const compare = page.getByTestId('plan-compare');
    await expect(compare.getByRole('heading', { name: /create index ix_customers_city_name/ })).toBeVisible({ timeout: 60_000 });
    await expect(compare.getByTestId('plan-diff')).toContainText('Same plan shape');
    await expect(page.getByTestId('query-checklist')).toContainText('ix_customers_city_name has it, but after city');
    await expect(page.getByTestId('query-unused')).toContainText('ix_customers_city_name');
  });

  test('free SQL: PostgreSQL errors are shown with their message and the text typed is kept', async () => {
    const page = shared();
    await page.getByTestId('query-choice').selectOption('free');
    const box = page.getByTestId('query-free');
    await box.fill('select * from ordes where total > 100');
    await page.getByTestId('query-explain').click();
    // The primary may be resetting after the test before (the EXPLAIN waits for it).
    await expect(page.getByTestId('query-error')).toContainText('relation "ordes" does not exist', { timeout: 60_000 });
    await expect(page.getByTestId('query-error')).toContainText('SQLSTATE 42P01');
    await expect(box).toHaveValue('select * from ordes where total > 100');
    await box.fill('select * from orders where total > 100 order by total desc limit 5');
    await page.getByTestId('query-explain').click();
    await expect(page.getByTestId('query-error')).toHaveCount(0);
    await expect(page.getByTestId('query-plan').getByTestId('plan-viewer')).toBeVisible({ timeout: 30_000 });
    await expect(page.getByTestId('query-checklist')).toContainText('orders.total');
    // The typed query survives a reload (this tab only).
    await page.reload();
    await expect(page.getByTestId('query-free')).toHaveValue('select * from orders where total > 100 order by total desc limit 5', { timeout: 30_000 });
  });

  // Last, in this page where PostgreSQL has booted: the lab at its defaults, played a moment (e2e/layoutChecks.ts).
  test('at 1280×720 nothing spills out of its box, and axe finds no serious violation in either theme', async () => {
    await expectLaidOutAndAccessible(shared(), 'query');
  });
});
