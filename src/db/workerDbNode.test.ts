import { describe, expect, it } from 'vitest';
import { errorInfo } from './dbWorkerProtocol';
import { DbError, RunawayQueryError } from './workerDbNode';

describe('DbError', () => {
  it('keeps the SQLSTATE, detail, hint and position when passed on with errorInfo', () => {
    const info = { message: 'relation "nope" does not exist', code: '42P01', hint: 'check the name', position: '15' };
    expect(errorInfo(new DbError(info))).toEqual(info);
  });

  it('a runaway statement reports query_canceled (57014)', () => {
    expect(errorInfo(new RunawayQueryError(10_000, 'primary'))).toMatchObject({ code: '57014' });
  });
});
