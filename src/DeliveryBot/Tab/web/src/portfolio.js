// The portfolio: one row per delivery, what needs someone first: its stage, what is owed and by whom, the milestone
// due next and the late ones. The delivery's id opens its timeline.
import { clear, el, table } from './dom.js';

export function showPortfolio(view, portfolio, open) {
  clear(view);
  const scope = portfolio.everyDelivery
    ? 'Every open delivery of your organisation (you are a CTO).'
    : 'The open deliveries you hold a role on.';
  view.append(el('p', { class: 'quiet' }, `Signed in as ${portfolio.reader}. ${scope}`));
  if (portfolio.deliveries.length === 0) {
    view.append(el('p', {}, portfolio.holdsARole
      ? 'No open deliveries.'
      : 'You hold no role on an open delivery. A Delivery Manager opens one with new in the bot\'s chat.'));
    return;
  }
  const rows = portfolio.deliveries.map((d) => el('tr', { 'data-delivery': d.id, class: d.late.length ? 'late' : null },
    el('th', { scope: 'row' },
      el('fluent-button', { appearance: 'subtle', onclick: () => open(d.id), 'aria-label': `${d.id} timeline` }, d.id),
      el('div', {}, `${d.client} — ${d.talent}`),
      d.yourRoles.length ? el('div', { class: 'quiet' }, `You: ${d.yourRoles.join(', ')}`) : null),
    el('td', {}, `${d.stageNumber}. ${d.stage}`, el('div', { class: 'quiet' }, d.status)),
    el('td', {}, d.next.length
      ? el('ul', { class: 'plain' }, d.next.map((n) => el('li', {}, n.what, el('div', { class: 'quiet' }, n.who))))
      : '—'),
    el('td', {}, d.nextMilestone
      ? [d.nextMilestone.title, el('div', { class: 'quiet' }, d.nextMilestone.target)]
      : '—'),
    el('td', {}, d.late.length
      ? d.late.map((m) => el('div', {},
        el('fluent-badge', { color: m.beyondAcceptableDelay ? 'danger' : 'warning', appearance: 'filled' },
          m.beyondAcceptableDelay ? 'Beyond acceptable delay' : 'Late'),
        ` ${m.title}: ${m.label}`))
      : el('fluent-badge', { color: 'success', appearance: 'tint' }, 'On track'))));
  const count = portfolio.deliveries.length;
  view.append(table(`${count} open ${count === 1 ? 'delivery' : 'deliveries'}`,
    ['Delivery', 'Stage', 'Next action', 'Next milestone', 'Late'], rows));
}
