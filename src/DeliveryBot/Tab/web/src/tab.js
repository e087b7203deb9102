// The DeliveryBot tab: signs the reader in (Teams single sign-on, or the Development picker), then shows their
// portfolio, a delivery's timeline or the organisation's metrics. Everything it shows comes from /tab/api as data and
// is put on the page as text, never as markup.
import './tab.css';
import './components.js';
import { host } from './host.js';
import { signIn } from './sign-in.js';
import { showContent } from './content.js';
import { showConfiguration } from './configuration.js';
import { clear, problem } from './dom.js';

const app = document.getElementById('app');

async function start() {
  const page = document.body.dataset.page;
  const teams = await host.connect();
  const session = await signIn(app, teams, document.body.dataset.signIn);
  if (!session) return;
  if (page === 'config') await showConfiguration(app, session, teams);
  else await showContent(app, session, teams, new URLSearchParams(location.search).get('delivery'));
}

start().catch((error) => {
  clear(app);
  app.append(problem('The tab could not start.', String(error?.message ?? error)));
  app.removeAttribute('aria-busy');
});
