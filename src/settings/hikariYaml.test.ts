import { describe, expect, it } from 'vitest';
import { hikariYamlLibrary as lib } from './hikariYaml';
import { detectPoolLibrary } from './libraries';
import { labPoolDefaults } from './poolParams';

describe('settings as code: HikariCP in Spring Boot application.yml', () => {
  it('reads a Spring Boot application.yml as a Spring developer writes it (other keys named and ignored)', () => {
    const r = lib.read(`server:
  port: 8080
spring:
  application:
    name: shop # the service
  datasource:
    url: jdbc:postgresql://localhost:5432/shop
    username: shop
    password: "\${DB_PASSWORD}"
    hikari:
      maximum-pool-size: 20
      minimum-idle: 5
      connection-timeout: 3000   # ms
      leak-detection-threshold: '60000'
      keepalive-time: 300000
      data-source-properties:
        reWriteBatchedInserts: true
  jpa:
    open-in-view: false
`);
    expect(r.library).toBe('hikaricp-yaml');
    expect(r.params).toMatchObject({ poolMin: 5, poolMax: 20, borrowTimeoutMs: 3000, idleTimeoutMs: 600000, maxLifetimeMs: 1800000, leakDetectionMs: 60000 });
    expect(r.read.map((x) => [x.key, x.line])).toEqual([['poolMax', 11], ['poolMin', 12], ['borrowTimeoutMs', 13], ['leakDetectionMs', 14]]);
    expect(r.ignored.map((i) => [i.setting.split('=')[0], i.line])).toEqual([
      ['server.port', 2],
      ['spring.application.name', 5],
      ['spring.datasource.url', 7],
      ['spring.datasource.username', 8],
      ['spring.datasource.password', 9],
      ['spring.datasource.hikari.keepalive-time', 15],
      ['spring.datasource.hikari.data-source-properties.reWriteBatchedInserts', 17],
      ['spring.jpa.open-in-view', 19],
    ]);
    expect(r.ignored.find((i) => i.line === 15)!.why).toContain('not modelled');
  });

  it("fills HikariCP's defaults: minimumIdle = maximum-pool-size, 30 s, 10 min idle, 30 min lifetime", () => {
    const r = lib.read('spring:\n  datasource:\n    hikari:\n      maximum-pool-size: 12\n');
    expect(r.params).toMatchObject({ poolMin: 12, poolMax: 12, poolMaxIdle: 0, borrowTimeoutMs: 30000, idleTimeoutMs: 600000, maxLifetimeMs: 1800000, leakDetectionMs: 0 });
    expect(r.defaults.find((d) => d.key === 'poolMin')!.why).toContain('minimumIdle defaults to maximumPoolSize (12)');
    expect(r.defaults.map((d) => d.key)).toEqual(['pooling', 'poolMin', 'poolMaxIdle', 'borrowTimeoutMs', 'whenExhausted', 'idleTimeoutMs', 'maxLifetimeMs', 'leakDetectionMs']);
  });

  it('reads flat keys, camelCase names and several documents', () => {
    const r = lib.read('spring.datasource.hikari.maximumPoolSize: 7\n---\nspring:\n  datasource:\n    hikari:\n      idleTimeout: 5000\n');
    expect(detectPoolLibrary('spring:\n  datasource:\n    hikari:\n      idleTimeout: 5000\n').id).toBe('hikaricp-yaml');
    expect(r.params).toMatchObject({ poolMax: 7, poolMin: 7, idleTimeoutMs: 5000 });
  });

  it('an unreadable line, a unit or a tab is an error naming its line', () => {
    expect(() => lib.read('spring:\n  datasource:\n    hikari:\n      connection-timeout: 30s')).toThrow(/^line 4: spring.datasource.hikari.connection-timeout: .*found 30s \(HikariCP takes plain milliseconds/);
    expect(() => lib.read('spring:\n  datasource:\n    hikari:\n      maximum-pool-size 10')).toThrow(/^line 4: expected "key: value"/);
    expect(() => lib.read('spring:\n\thikari:')).toThrow(/^line 2: YAML indents with spaces/);
    expect(() => lib.read('spring:\n  datasource:\n    url: jdbc:postgresql://db/app')).toThrow(/^line 1: no spring.datasource.hikari settings/);
  });

  it('carries every setting under spring.datasource.hikari, in milliseconds, with the comments of the properties form', () => {
    const code = lib.write({ ...labPoolDefaults(), poolMin: 2, poolMax: 8, borrowTimeoutMs: 1000, leakDetectionMs: 2000 });
    expect(code.startsWith('# application.yml\nspring:\n  datasource:\n')).toBe(true);
    for (const line of ['maximum-pool-size: 8', 'minimum-idle: 2', 'connection-timeout: 1000', 'idle-timeout: 600000', 'max-lifetime: 1800000', 'leak-detection-threshold: 2000'])
      expect(code).toContain(`\n      ${line}\n`);
    expect(code).toContain('# ms; retired when next idle, never while in use');
    expect(lib.write({ ...labPoolDefaults(), whenExhausted: 'fail' })).toContain('cannot fail at once');
  });
});
