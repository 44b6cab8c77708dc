import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { ColumnHeads } from './ColumnHeads';

describe('ColumnHeads', () => {
  it('writes one th scope="col" per column, with a title or a class where a column has one', () => {
    const html = renderToStaticMarkup(
      createElement('table', null, createElement(ColumnHeads, { columns: ['key', { key: 'used', label: 'Used', title: 'idx_scan' }, { key: 'bar', label: 'To scale', className: 'bar-col' }] })),
    );
    expect(html).toBe('<table><thead><tr><th scope="col">key</th><th scope="col" title="idx_scan">Used</th><th scope="col" class="bar-col">To scale</th></tr></thead></table>');
  });
});
