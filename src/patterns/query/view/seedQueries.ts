/** A query the index view starts from, with the index that helps it. */
export interface SeedQuery {
  id: string;
  label: string;
  sql: string;
  /** What to try, in one line. */
  hint: string;
  /** Indexes worth trying, as (table, columns). */
  suggestions: { table: string; columns: string[] }[];
}

export const seedQueries: readonly SeedQuery[] = [
  {
    id: 'orders-of-customer',
    label: "A customer's orders (WHERE customer_id = …)",
    sql: 'select id, status, total, created_at from orders where customer_id = 42',
    hint: 'Without an index PostgreSQL reads all 5,000 orders to find a handful. Add an index on orders (customer_id).',
    suggestions: [{ table: 'orders', columns: ['customer_id'] }],
  },
  {
    id: 'join-city',
    label: 'Customers of a city with their orders (JOIN)',
    sql: "select c.name, o.id, o.total from customers c join orders o on o.customer_id = c.id where c.city = 'Oslo'",
    hint: 'A hash join reads both tables whole. An index on customers (city) narrows the customers; see what the join does.',
    suggestions: [
      { table: 'customers', columns: ['city'] },
      { table: 'orders', columns: ['customer_id'] },
    ],
  },
  {
    id: 'latest-orders',
    label: 'The 10 latest orders (ORDER BY … LIMIT)',
    sql: 'select id, customer_id, total, created_at from orders order by created_at desc limit 10',
    hint: 'Without an index PostgreSQL sorts every order to keep 10. An index on orders (created_at) is read backwards and stops after 10.',
    suggestions: [{ table: 'orders', columns: ['created_at'] }],
  },
  {
    id: 'customer-by-name',
    label: 'A customer by name alone',
    sql: "select id, name, city from customers where name = 'Customer 42'",
    hint: 'Try an index on customers (city, name): its first column is city, so a search on name alone cannot use it. Then try (name, city).',
    suggestions: [
      { table: 'customers', columns: ['city', 'name'] },
      { table: 'customers', columns: ['name', 'city'] },
    ],
  },
  {
    id: 'customer-by-city-and-name',
    label: 'A customer by city and name',
    sql: "select id, name, city from customers where city = 'Oslo' and name = 'Customer 42'",
    hint: 'Here both columns are in the WHERE: an index on (city, name) or (name, city) serves it.',
    suggestions: [
      { table: 'customers', columns: ['city', 'name'] },
      { table: 'customers', columns: ['name', 'city'] },
    ],
  },
];

export const FREE_SQL_ID = 'free';
