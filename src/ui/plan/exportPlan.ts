/**
 * Downloads of the plan tree. The on-screen SVG takes its colours from the theme's CSS
 * variables, which a file on its own does not have: the copy gets every painted property
 * inlined from the computed style, a background, and a caption line on top.
 */

const PAINTED = ['fill', 'stroke', 'stroke-width', 'stroke-dasharray', 'opacity', 'font-family', 'font-size', 'font-weight', 'letter-spacing'] as const;
const CAPTION_PX = 40;

/** A standalone copy of `svg` (theme colours inlined) with `caption` above it, as SVG text. */
export function standaloneSvg(svg: SVGSVGElement, caption: string): { text: string; width: number; height: number } {
  const width = svg.width.baseVal.value;
  const height = svg.height.baseVal.value + CAPTION_PX;
  const clone = svg.cloneNode(true) as SVGSVGElement;
  inlineStyles(svg, clone);
  for (const el of Array.from(clone.querySelectorAll('.plan-focus'))) el.remove();
  for (const el of Array.from(clone.querySelectorAll('[tabindex]'))) el.removeAttribute('tabindex');
  const ns = 'http://www.w3.org/2000/svg';
  const body = document.createElementNS(ns, 'g');
  body.setAttribute('transform', `translate(0,${CAPTION_PX})`);
  while (clone.firstChild) body.appendChild(clone.firstChild);
  const style = getComputedStyle(svg);
  const background = document.createElementNS(ns, 'rect');
  background.setAttribute('width', '100%');
  background.setAttribute('height', '100%');
  background.setAttribute('fill', style.getPropertyValue('--surface').trim() || '#ffffff');
  const title = document.createElementNS(ns, 'text');
  title.setAttribute('x', '10');
  title.setAttribute('y', '26');
  title.setAttribute('fill', style.getPropertyValue('--text').trim() || '#000000');
  title.setAttribute('font-family', style.fontFamily);
  title.setAttribute('font-size', '17');
  title.setAttribute('font-weight', '700');
  title.textContent = caption;
  clone.append(background, title, body);
  clone.setAttribute('width', String(width));
  clone.setAttribute('height', String(height));
  clone.setAttribute('viewBox', `0 0 ${width} ${height}`);
  clone.removeAttribute('class');
  return { text: `<?xml version="1.0" encoding="UTF-8"?>\n${new XMLSerializer().serializeToString(clone)}`, width, height };
}

function inlineStyles(source: Element, target: Element): void {
  const computed = getComputedStyle(source);
  const inline: string[] = [];
  for (const property of PAINTED) {
    const value = computed.getPropertyValue(property);
    if (value !== '') inline.push(`${property}:${value}`);
  }
  (target as SVGElement).setAttribute('style', inline.join(';'));
  target.removeAttribute('class');
  for (let i = 0; i < source.children.length; i++) {
    const s = source.children[i]!;
    const t = target.children[i];
    if (t !== undefined) inlineStyles(s, t);
  }
}

function download(blob: Blob, fileName: string): void {
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = fileName;
  document.body.appendChild(a);
  a.click();
  a.remove();
  // The download has started by the time the click returns; the URL can go soon after.
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

export function downloadSvg(svg: SVGSVGElement, caption: string, fileName: string): void {
  download(new Blob([standaloneSvg(svg, caption).text], { type: 'image/svg+xml' }), `${fileName}.svg`);
}

/** Renders the standalone SVG at twice its size (sharp on projectors and slides) to a PNG. */
export async function downloadPng(svg: SVGSVGElement, caption: string, fileName: string): Promise<void> {
  const { text, width, height } = standaloneSvg(svg, caption);
  const url = URL.createObjectURL(new Blob([text], { type: 'image/svg+xml' }));
  try {
    const image = new Image();
    await new Promise<void>((resolve, reject) => {
      image.onload = () => resolve();
      image.onerror = () => reject(new Error('the plan image could not be drawn'));
      image.src = url;
    });
    const scale = 2;
    const canvas = document.createElement('canvas');
    canvas.width = Math.ceil(width * scale);
    canvas.height = Math.ceil(height * scale);
    const context = canvas.getContext('2d');
    if (context === null) throw new Error('this browser cannot draw a canvas');
    context.scale(scale, scale);
    context.drawImage(image, 0, 0);
    const blob = await new Promise<Blob | null>((resolve) => canvas.toBlob(resolve, 'image/png'));
    if (blob === null) throw new Error('the PNG could not be encoded');
    download(blob, `${fileName}.png`);
  } finally {
    URL.revokeObjectURL(url);
  }
}
