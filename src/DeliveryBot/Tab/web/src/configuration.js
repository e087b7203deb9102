// The configuration page Teams shows when the tab is added to a chat or channel: the whole portfolio, or one
// delivery's timeline (a delivery the reader can see). Teams saves the choice as the tab's address.
import { api } from './api.js';
import { clear, el } from './dom.js';

export async function showConfiguration(app, session, teams) {
  const portfolio = await api(session.token).portfolio();
  const choices = [{ id: '', label: 'The portfolio' },
    ...portfolio.deliveries.map((d) => ({ id: d.id, label: `${d.id} · ${d.client} — ${d.talent} (timeline)` }))];
  let chosen = '';
  const list = el('fieldset', {}, el('legend', {}, 'What should this tab show?'),
    choices.map((c, i) => el('label', { class: 'choice' },
      el('input', { type: 'radio', name: 'show', value: c.id, checked: i === 0, onchange: () => { chosen = c.id; } }),
      ` ${c.label}`)));
  clear(app);
  app.append(el('h1', {}, 'DeliveryBot tab'), list);
  app.removeAttribute('aria-busy');
  if (!teams) return;
  const { pages } = teams;
  pages.config.registerOnSaveHandler((save) => {
    const address = new URL('/tab', location.origin);
    if (chosen) address.searchParams.set('delivery', chosen);
    pages.config.setConfig({
      contentUrl: address.href,
      websiteUrl: address.href,
      entityId: chosen ? `delivery-${chosen}` : 'portfolio',
      suggestedDisplayName: chosen ? `${chosen} timeline` : 'Deliveries',
    }).then(() => save.notifySuccess(), (error) => save.notifyFailure(String(error)));
  });
  pages.config.setValidityState(true);
}
