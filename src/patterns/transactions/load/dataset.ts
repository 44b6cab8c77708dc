/** The demo dataset the lab's PGlite primary holds (the prebuilt image's size and seed). */
export const TRANSACTIONS_DATASET = { customers: 1000, seed: 1 } as const;
export const DEMO_DATASET_SEED_FOR_TRANSACTIONS = TRANSACTIONS_DATASET.seed;
