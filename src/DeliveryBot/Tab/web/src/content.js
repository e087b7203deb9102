// The tab's content: the portfolio and the metrics as two Fluent tabs, and a delivery's timeline when one is opened
// (from the portfolio, or a chat tab configured for one delivery).
import { api, NotThere, SignedOut } from './api.js';
import { clear, el, problem } from './dom.js';
import { showPortfolio } from './portfolio.js';
import { showTimeline } from './timeline.js';
import { showMetrics } from './metrics.js';

export async function showContent(app, session, teams, delivery) {
  const calls = api(session.token);
  const view = el('section', { id: 'view', 'aria-live': 'polite' });
  const tabs = el('fluent-tablist', { 'aria-label': 'What to show', activeid: 'portfolio' },
    el('fluent-tab', { id: 'portfolio' }, 'Portfolio'),
    el('fluent-tab', { id: 'metrics' }, 'Metrics'));
  const header = el('header', {},
    el('h1', {}, 'Deliveries'),
    session.signOut ? el('fluent-button', { appearance: 'subtle', onclick: session.signOut }, 'Sign out') : null);
  clear(app);
  app.append(header, tabs, view);

  async function guarded(show) {
    clear(view);
    view.setAttribute('aria-busy', 'true');
    view.append(el('fluent-spinner', { size: 'small', 'aria-label': 'Loading' }));
    try {
      await show();
    } catch (error) {
      clear(view);
      if (error instanceof SignedOut) {
        // nothing of any answer stays on the page
        clear(app);
        app.append(problem('You are not signed in.', error.message));
        if (session.signOut) app.append(el('fluent-button', { onclick: session.signOut }, 'Sign in again'));
      } else if (error instanceof NotThere) {
        view.append(problem('Not available.', error.message));
      } else {
        view.append(problem('Something went wrong.', String(error?.message ?? error)));
      }
    } finally {
      view.removeAttribute('aria-busy');
      app.removeAttribute('aria-busy');
    }
  }

  const open = (id) => guarded(async () => showTimeline(view, await calls.timeline(id), teams, back));
  const portfolio = () => guarded(async () => showPortfolio(view, await calls.portfolio(), open));
  const metrics = () => guarded(async () => showMetrics(view, await calls.metrics()));
  const back = delivery ? null : portfolio;

  // the tab list says 'change' as it first draws too: only a change of view loads anything
  let shown = 'portfolio';
  tabs.addEventListener('change', () => {
    const wanted = tabs.activeid === 'metrics' ? 'metrics' : 'portfolio';
    if (wanted === shown) return;
    shown = wanted;
    if (wanted === 'metrics') metrics();
    else portfolio();
  });
  if (delivery) await open(delivery);
  else await portfolio();
}
