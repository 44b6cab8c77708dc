import { describe, expect, it } from 'vitest';
import { hikariLibrary as lib } from './hikari';
import { labPoolDefaults } from './poolParams';

describe('settings as code: HikariCP', () => {
  it('reads Spring Boot application.properties (kebab-case, other settings named and ignored)', () => {
    const r = lib.read(`spring.datasource.url=jdbc:postgresql://localhost:5432/shop
spring.datasource.username=shop
spring.jpa.open-in-view=false
# pool
spring.datasource.hikari.maximum-pool-size=20
spring.datasource.hikari.minimum-idle = 5
spring.datasource.hikari.connection-timeout: 3000
spring.datasource.hikari.leak-detection-threshold=60000`);
    expect(r.params).toMatchObject({ poolMin: 5, poolMax: 20, borrowTimeoutMs: 3000, idleTimeoutMs: 600000, maxLifetimeMs: 1800000, leakDetectionMs: 60000 });
    expect(r.ignored.map((i) => i.line)).toEqual([1, 2, 3]);
  });

  it('minimumIdle defaults to maximumPoolSize (a fixed pool), the rest to HikariCP defaults', () => {
    const r = lib.read('maximumPoolSize=12\n');
    expect(r.params).toMatchObject({ poolMin: 12, poolMax: 12, borrowTimeoutMs: 30000 });
    expect(r.defaults.find((d) => d.key === 'poolMin')!.why).toContain('minimumIdle defaults to maximumPoolSize (12)');
    expect(lib.read('hikari.minimumIdle=2').params).toMatchObject({ poolMin: 2, poolMax: 10 });
  });

  it('reads a hikari.properties with dataSource properties, ! comments and connectionTimeout=0 (forever)', () => {
    const r = lib.read(`! production
dataSourceClassName=org.postgresql.ds.PGSimpleDataSource
dataSource.serverName=db
maximumPoolSize 30
connectionTimeout=0
keepaliveTime=300000`);
    expect(r.params).toMatchObject({ poolMax: 30, poolMin: 30, borrowTimeoutMs: 0 });
    expect(r.ignored.map((i) => i.setting.split('=')[0])).toEqual(['dataSourceClassName', 'dataSource.serverName', 'keepaliveTime']);
  });

  it('refuses units and timeouts HikariCP refuses, naming the line', () => {
    expect(() => lib.read('maximumPoolSize=10\nconnectionTimeout=30s')).toThrow(/^line 2: connectionTimeout: .*found 30s \(HikariCP takes plain milliseconds/);
    expect(() => lib.read('connectionTimeout=100')).toThrow(/^line 1: .*under 250 ms/);
  });

  it('carries every property in milliseconds', () => {
    const code = lib.write({ ...labPoolDefaults(), poolMin: 2, poolMax: 8, borrowTimeoutMs: 1000, leakDetectionMs: 2000 });
    for (const line of ['maximumPoolSize=8', 'minimumIdle=2', 'connectionTimeout=1000', 'idleTimeout=600000', 'maxLifetime=1800000', 'leakDetectionThreshold=2000']) expect(code).toContain(line);
    expect(lib.write({ ...labPoolDefaults(), borrowTimeoutMs: 100 })).toContain('connectionTimeout=250');
  });
});
