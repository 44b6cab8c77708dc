import { afterAll, beforeAll, describe, it } from 'vitest';
import { postgresUnavailableReason, startPostgresServer, type PostgresServer } from './postgresServer';

/**
 * A describe block that runs against a throwaway PostgreSQL server (started once for the block,
 * stopped and deleted after it). Without PostgreSQL: in CI (process.env.CI) the block fails
 * with the reason, since CI must run these tests; locally it is skipped with a loud warning.
 */
export function describeWithPostgres(title: string, body: (server: () => PostgresServer) => void): void {
  const reason = postgresUnavailableReason();
  if (reason !== null) {
    if (process.env.CI) {
      describe(title, () => {
        it('needs a PostgreSQL server', () => {
          throw new Error(`${reason}. CI must run the differential tests against a real PostgreSQL: .ci/run installs Debian's postgresql when it is missing.`);
        });
      });
    } else {
      process.stderr.write(`\n*** SKIPPED "${title}": ${reason}. These tests compare the model with a real PostgreSQL; they fail in CI. ***\n\n`);
      describe.skip(title, () => body(() => undefined as unknown as PostgresServer));
    }
    return;
  }
  describe(title, () => {
    let server: PostgresServer | undefined;
    beforeAll(async () => {
      server = await startPostgresServer();
    });
    afterAll(async () => {
      await server?.stop();
    });
    body(() => {
      if (server === undefined) throw new Error('the PostgreSQL server did not start');
      return server;
    });
  });
}
