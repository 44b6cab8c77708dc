import { curriculum } from '../labs';
import type { Route } from '../store/uiSlice';
import { TopBar } from './TopBar';

/** A lab that is not built yet, or an address that names nothing. */
export function NotFoundPage({ route }: { route: Extract<Route, { name: 'coming' | 'notFound' }> }) {
  const entry = route.name === 'coming' ? curriculum.find((e) => e.id === route.labId) : undefined;
  return (
    <div className="page">
      <TopBar />
      <main id="main" className="message-page">
        {entry !== undefined ? (
          <>
            <h1>{entry.title}: coming soon</h1>
            <p>{entry.summary}</p>
            <p>This lab is not built yet.</p>
          </>
        ) : (
          <>
            <h1>Nothing at this address</h1>
            <p>
              Expected <code>#/</code> or <code>#/lab/&lt;lab id&gt;</code>, found <code>#{route.name === 'notFound' ? route.path : ''}</code>.
            </p>
          </>
        )}
        <p>
          <a href="#/">Back to all labs</a>
        </p>
      </main>
    </div>
  );
}
