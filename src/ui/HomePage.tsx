import { curriculum, findLab, isComing } from '../labs';
import { shippedTours } from '../app/scenarios';
import { tourTitle } from '../tour/tourSteps';
import { TopBar } from './TopBar';
import { warmUpSimulation } from '../app/simulationClient';
import './tour.css';

/**
 * The home page does not load the simulation; a learner pointing at (or tabbing to) a lab's link
 * starts it, so that it is usually ready by the time the lab opens.
 */
function warmUpForLab(event: { target: EventTarget }): void {
  if (event.target instanceof Element && event.target.closest('a[href^="#/lab/"]') !== null) warmUpSimulation();
}

/** The home page: what this is, and one card per lab in teaching order. */
export function HomePage() {
  return (
    <div className="page home">
      <TopBar />
      <main id="main" className="home-main" onPointerOver={warmUpForLab} onFocus={warmUpForLab}>
        <section className="pitch" aria-labelledby="pitch-title">
          <h1 id="pitch-title">Learn how databases scale by running the patterns</h1>
          <p>
            Each lab is a deterministic discrete-event simulation of one database scaling pattern — queueing, connection pooling,
            replication, sharding, caching and more — that you can play, pause, step one event at a time and replay exactly with the
            same seed. Change a parameter and watch requests queue, time out or fail over; every figure says whether it was simulated,
            measured on a real PostgreSQL running in your browser, or predicted by theory.
          </p>
        </section>
        <h2 className="visually-hidden">Labs</h2>
        <ol className="cards">
          {curriculum.map((entry, index) => {
            const coming = isComing(entry);
            const body = (
              <>
                <span className="card-number" aria-hidden="true">
                  {index + 1}
                </span>
                <h3 className="card-title">{entry.title}</h3>
                <p className="card-summary">{entry.summary}</p>
                <span className={coming ? 'card-tag card-tag--coming' : 'card-tag card-tag--open'}>{coming ? 'Coming soon' : 'Open lab →'}</span>
              </>
            );
            return (
              <li key={entry.id} className={coming ? 'card card--coming' : 'card'} data-lab={entry.id} aria-disabled={coming || undefined}>
                {coming ? (
                  <div className="card-inner">{body}</div>
                ) : (
                  <a className="card-inner" href={`#/lab/${entry.id}`}>
                    {body}
                  </a>
                )}
              </li>
            );
          })}
        </ol>
        <GuidedTours />
      </main>
    </div>
  );
}

/** The shipped guided tours: scenarios with captioned steps that the player pauses at. */
function GuidedTours() {
  // In teaching order, like the labs above.
  const order = (lab: string) => curriculum.findIndex((e) => e.id === lab);
  const tours = shippedTours().sort((a, b) => order(a.scenario.lab) - order(b.scenario.lab));
  if (tours.length === 0) return null;
  return (
    <section className="home-tours" aria-labelledby="tours-title">
      <h2 id="tours-title">Guided tours</h2>
      <p>
        A lab that tells its story: the run stops at each step with a caption saying what to notice. Next and Back (→ ←, or a clicker&apos;s buttons)
        move between steps, and Back replays the run exactly.
      </p>
      <ul className="tour-list">
        {tours.map((t) => (
          <li key={t.name}>
            <a href={`#/lab/${t.scenario.lab}?scenario=${encodeURIComponent(t.name)}`} data-tour={t.name}>
              <span className="tour-list-title">{tourTitle(t.scenario.title)}</span>
              <span className="tour-list-meta">
                {findLab(t.scenario.lab)?.title ?? t.scenario.lab} · {t.scenario.tour?.length} steps
              </span>
            </a>
          </li>
        ))}
      </ul>
    </section>
  );
}
