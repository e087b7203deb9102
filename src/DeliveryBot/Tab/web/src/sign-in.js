// Who reads the tab. In Teams: its single sign-on token. In Development outside Teams: the sign-in picker (the people
// holding roles on open deliveries), as the Agents Playground stands in for Teams; the token picked is kept for this
// browser tab only (sessionStorage). Anywhere else: a plain word that the tab opens in Teams.
import { host } from './host.js';
import { clear, el, problem } from './dom.js';

const kept = 'deliverybot-tab-token';

export async function signIn(app, teams, mode) {
  if (teams) {
    try {
      return { token: await host.token(), signOut: null };
    } catch (error) {
      show(app, problem('Teams did not sign you in to DeliveryBot.', String(error?.message ?? error)));
      return null;
    }
  }
  if (mode !== 'development') {
    show(app, el('p', {}, 'Open DeliveryBot in Microsoft Teams: this page is its tab, and Teams signs you in.'));
    return null;
  }
  const token = sessionStorage.getItem(kept);
  if (token) return { token, signOut: () => { sessionStorage.removeItem(kept); location.reload(); } };
  await picker(app);
  return null;
}

async function picker(app) {
  const response = await fetch('/tab/api/sign-in/people', { cache: 'no-store' });
  const people = response.ok ? await response.json() : [];
  const list = el('ul', { class: 'people' }, people.map((person) => el('li', {},
    el('fluent-button', {
      appearance: 'primary',
      'data-object-id': person.objectId,
      onclick: () => choose(app, person),
    }, person.name),
    el('span', { class: 'quiet' }, ` ${person.roles} · organisation ${person.tenantId}`))));
  show(app,
    el('h1', {}, 'Sign in (Development)'),
    el('p', {}, 'No Entra app is configured, so Teams cannot sign you in here. Pick who you are, as the Agents '
      + 'Playground lets you pick a user. This picker exists only in the Development environment.'),
    people.length
      ? list
      : el('p', {}, 'Nobody holds a role on an open delivery yet: open one with new in the bot\'s chat.'));
}

async function choose(app, person) {
  const response = await fetch('/tab/api/sign-in', {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ tenantId: person.tenantId, objectId: person.objectId }),
  });
  if (!response.ok) {
    show(app, problem('That sign-in was refused.', (await response.json().catch(() => ({}))).message));
    return;
  }
  sessionStorage.setItem(kept, (await response.json()).token);
  location.reload();
}

function show(app, ...nodes) {
  clear(app);
  app.append(...nodes);
  app.removeAttribute('aria-busy');
}
