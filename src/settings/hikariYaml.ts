import { finishHikari, hikariLibrary, readHikariSetting } from './hikari';
import type { PoolLibrary } from './library';
import type { PoolParams } from './poolParams';
import { ReadingBuilder, SnippetError, type SettingsReading } from './reading';
import { yamlEntries } from './yamlEntries';

const INDENT = '      ';

/** `maximumPoolSize` as Spring's relaxed name, `maximum-pool-size`. */
function kebab(name: string): string {
  return name.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);
}

/**
 * HikariCP as most Spring Boot services configure it: `spring.datasource.hikari.*` in
 * application.yml. The same settings, defaults and meanings as the properties form (hikari.ts),
 * nested as YAML; keys outside `spring.datasource.hikari` are named and ignored.
 */
export const hikariYamlLibrary: PoolLibrary = {
  id: 'hikaricp-yaml',
  label: 'Spring YAML',
  title: 'Spring Boot application.yml (HikariCP)',
  language: 'yaml',
  looksLike: (text) => /^\s*hikari\s*:\s*(#.*)?$/m.test(text),
  write(p: PoolParams): string {
    const properties = hikariLibrary.write(p).trimEnd().split('\n');
    const lines = ['# application.yml', 'spring:', '  datasource:', '    url: jdbc:postgresql://db/app', '    hikari:'];
    for (const line of properties) {
      if (line.startsWith('# hikari.properties') || line.startsWith('jdbcUrl=')) continue;
      const setting = /^(\w+)=(.*)$/.exec(line);
      lines.push(setting ? `${INDENT}${kebab(setting[1]!)}: ${setting[2]}` : `${INDENT}${line}`);
    }
    return `${lines.join('\n')}\n`;
  },
  read(text: string): SettingsReading {
    const b = new ReadingBuilder('hikaricp-yaml');
    for (const entry of yamlEntries(text)) readHikariSetting(b, entry.key, entry.value, entry.line);
    if (b.read.length === 0) throw new SnippetError(1, 'no spring.datasource.hikari settings found (maximum-pool-size: …, minimum-idle: …)');
    return finishHikari(b);
  },
};
