import type { MetricTree } from '../lab/snapshot';
import { metricAt, metricKeys } from '../scenario/expectations';

/** One CSV field: quoted when it holds a comma, a quote or a line break (RFC 4180). */
function csvField(text: string): string {
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

/** The run's metrics as CSV, one `metric,value` row per dotted key (as `npm run sim -- --json` names them). */
export function metricsCsv(metrics: MetricTree): string {
  const rows = metricKeys(metrics).map((key) => `${csvField(key)},${csvField(String(metricAt(metrics, key)))}`);
  return `metric,value\r\n${rows.join('\r\n')}\r\n`;
}

/** A file name part from free text: lowercase letters, digits and dashes. */
export function fileSlug(text: string): string {
  return (
    text
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-+|-+$/g, '') || 'chart'
  );
}

/** Offer `blob` as a download named `name`. */
export function download(blob: Blob, name: string): void {
  const link = document.createElement('a');
  link.href = URL.createObjectURL(blob);
  link.download = name;
  link.click();
  setTimeout(() => URL.revokeObjectURL(link.href), 0);
}

/** Style properties a chart's look depends on (its colours come from the theme's CSS classes). */
const INLINED = ['fill', 'fill-opacity', 'stroke', 'stroke-width', 'stroke-dasharray', 'stroke-opacity', 'opacity', 'font-family', 'font-size', 'font-weight', 'text-anchor', 'dominant-baseline'];

/**
 * A standalone copy of a chart's SVG: the theme's computed styles written into each element, a
 * background and a title, so the file looks as on screen in any viewer or slide.
 */
export function standaloneSvg(svg: SVGSVGElement, title: string): string {
  const copy = svg.cloneNode(true) as SVGSVGElement;
  const source = [svg, ...svg.querySelectorAll('*')];
  const target = [copy, ...copy.querySelectorAll('*')];
  source.forEach((el, i) => {
    const style = getComputedStyle(el);
    const out = target[i] as SVGElement;
    out.setAttribute('style', INLINED.map((p) => `${p}:${style.getPropertyValue(p)}`).join(';'));
  });
  const width = svg.width.baseVal.value;
  const height = svg.height.baseVal.value;
  copy.setAttribute('xmlns', 'http://www.w3.org/2000/svg');
  copy.setAttribute('viewBox', `0 0 ${width} ${height}`);
  const background = document.createElementNS('http://www.w3.org/2000/svg', 'rect');
  background.setAttribute('width', '100%');
  background.setAttribute('height', '100%');
  background.setAttribute('fill', getComputedStyle(document.body).backgroundColor);
  copy.insertBefore(background, copy.firstChild);
  const titleEl = document.createElementNS('http://www.w3.org/2000/svg', 'title');
  titleEl.textContent = title;
  copy.insertBefore(titleEl, copy.firstChild);
  return new XMLSerializer().serializeToString(copy);
}

/** The SVG drawn on a canvas at twice its size (sharp on slides), as PNG. */
export function svgToPng(svgText: string, width: number, height: number): Promise<Blob> {
  const scale = 2;
  return new Promise((resolve, reject) => {
    const image = new Image();
    image.onload = () => {
      const canvas = document.createElement('canvas');
      canvas.width = Math.round(width * scale);
      canvas.height = Math.round(height * scale);
      const ctx = canvas.getContext('2d');
      if (ctx === null) return reject(new Error('no 2D canvas'));
      ctx.scale(scale, scale);
      ctx.drawImage(image, 0, 0, width, height);
      canvas.toBlob((blob) => (blob === null ? reject(new Error('the chart could not be drawn as PNG')) : resolve(blob)), 'image/png');
    };
    image.onerror = () => reject(new Error('the chart could not be drawn as PNG'));
    image.src = `data:image/svg+xml;charset=utf-8,${encodeURIComponent(svgText)}`;
  });
}
