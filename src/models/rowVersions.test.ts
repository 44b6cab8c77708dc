import { describe, expect, it } from 'vitest';
import { ORIGINAL_VERSION, RowVersions } from './rowVersions';

describe('RowVersions', () => {
  it("tells the primary's committed version from what a node that applied up to an LSN holds", () => {
    const rows = new RowVersions();
    rows.add(7, { lsn: 3, writeId: 1, visible: true, lost: false });
    rows.add(7, { lsn: 5, writeId: 2, visible: false, lost: false }); // not committed yet
    expect(rows.committed(7).writeId).toBe(1);
    expect(rows.at(7, 2)).toBe(ORIGINAL_VERSION);
    expect(rows.at(7, 4).writeId).toBe(1);
    expect(rows.at(7, 5).writeId).toBe(2); // a replica may replay a change before its client hears back
    expect(rows.committed(8)).toBe(ORIGINAL_VERSION);
  });

  it('forgets versions a failover lost', () => {
    const rows = new RowVersions();
    const lost = { lsn: 4, writeId: 9, visible: true, lost: false };
    rows.add(1, lost);
    lost.lost = true;
    expect(rows.committed(1)).toBe(ORIGINAL_VERSION);
    expect(rows.at(1, 10)).toBe(ORIGINAL_VERSION);
  });

  it('forgets the versions below the newest committed one at or below the settled LSN, and answers as before for every LSN from there', () => {
    const kept = new RowVersions();
    const all = new RowVersions();
    const versions = [1, 2, 3, 4, 5, 6].map((lsn) => ({ lsn, writeId: lsn, visible: lsn !== 4, lost: false }));
    for (const v of versions) {
      kept.add(3, v, v.lsn - 1);
      all.add(3, v);
    }
    // Settled at 5: the newest committed version at or below it is LSN 5 (4 is not committed).
    expect(kept.size).toBe(2);
    for (let lsn = 5; lsn <= 8; lsn++) expect(kept.at(3, lsn)).toBe(all.at(3, lsn));
    expect(kept.committed(3)).toBe(all.committed(3));
  });
});
