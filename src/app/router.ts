import { curriculum, findLab, isComing } from '../labs';
import type { Route } from '../store/uiSlice';
import { findShippedScenario } from './scenarios';

/** The parts of a hash URL: `#/lab/mmc?seed=2` → path "/lab/mmc", query "seed=2". */
export interface HashParts {
  path: string;
  query: URLSearchParams;
}

export function splitHash(hash: string): HashParts {
  const body = hash.startsWith('#') ? hash.slice(1) : hash;
  const q = body.indexOf('?');
  const path = (q < 0 ? body : body.slice(0, q)) || '/';
  return { path, query: new URLSearchParams(q < 0 ? '' : body.slice(q + 1)) };
}

/** `decodeURIComponent`, or null for text that is not valid percent-encoding (`#/lab/%`). */
function safeDecode(text: string): string | null {
  try {
    return decodeURIComponent(text);
  } catch {
    return null;
  }
}

/** Which page a path shows. Hash routing works on static hosting and offline. */
export function routeFor(path: string): Route {
  if (path === '/' || path === '') return { name: 'home' };
  const compare = /^\/compare\/([^/]+)\/?$/.exec(path);
  if (compare !== null) {
    const labId = safeDecode(compare[1]!);
    if (labId !== null && findLab(labId) !== undefined) return { name: 'compare', labId };
  }
  const match = /^\/(embed\/)?lab\/([^/]+)\/?$/.exec(path);
  if (match !== null) {
    const labId = safeDecode(match[2]!);
    if (labId === null) return { name: 'notFound', path };
    if (findLab(labId) !== undefined) return match[1] === undefined ? { name: 'lab', labId } : { name: 'lab', labId, embed: true };
    const entry = curriculum.find((e) => e.id === labId);
    if (entry !== undefined && isComing(entry)) return { name: 'coming', labId };
  }
  return { name: 'notFound', path };
}

/**
 * `#/embed/tour/<scenario>` is the embedded lab with that tour: the address it stands for
 * (`#/embed/lab/<lab>?scenario=<scenario>&…`), or null when `path` is not a tour's embed address.
 */
export function embeddedTourHash(path: string, query: URLSearchParams): string | null {
  const match = /^\/embed\/tour\/([^/]+)\/?$/.exec(path);
  const name = match === null ? null : safeDecode(match[1]!);
  const shipped = name === null ? undefined : findShippedScenario(name);
  if (shipped === undefined || shipped.scenario.tour === undefined) return null;
  const rest = new URLSearchParams(query);
  rest.set('scenario', shipped.name);
  return labHash(shipped.scenario.lab, rest.toString(), true);
}

/** The hash of a lab page with its query: `#/lab/mmc?seed=1` (`#/embed/lab/mmc?seed=1` embedded). */
export function labHash(labId: string, query = '', embed = false): string {
  return `#/${embed ? 'embed/' : ''}lab/${encodeURIComponent(labId)}${query === '' ? '' : `?${query}`}`;
}

/**
 * Which page a route shows, as a key: another key is another page (home, one lab, another lab),
 * which opens at its top; a lab's address changing its query (seed, t=…) stays the same page.
 */
export function pageKey(route: Route): string {
  switch (route.name) {
    case 'home':
      return 'home';
    case 'lab':
      return `${route.embed ? 'embed' : 'lab'}:${route.labId}`;
    case 'coming':
    case 'compare':
      return `${route.name}:${route.labId}`;
    case 'notFound':
      return `notFound:${route.path}`;
  }
}
