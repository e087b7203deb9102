// One delivery's timeline: every milestone's span from the one before to its target (or its actual date), late ones
// marked, today's line, drawn by Frappe Gantt; beside it the same as a table, with the acceptable delay, the last day
// it allows and every move of the target with its reason: the table is what a screen reader reads.
import Gantt from 'frappe-gantt';
import { host } from './host.js';
import { clear, el, table } from './dom.js';

export function showTimeline(view, timeline, teams, back) {
  clear(view);
  const late = timeline.milestones.filter((m) => m.late);
  view.append(
    el('div', { class: 'bar' },
      back ? el('fluent-button', { appearance: 'subtle', onclick: back }, '← Portfolio') : null,
      timeline.links.chat ? el('fluent-button', { onclick: () => host.open(teams, timeline.links.chat) },
        'Open the delivery\'s chat') : null,
      timeline.links.bot ? el('fluent-button', { onclick: () => host.open(teams, timeline.links.bot) },
        'Ask the bot for its cards') : null),
    el('h2', {}, `${timeline.id} · ${timeline.client} — ${timeline.talent}`),
    el('p', { class: 'quiet' }, `Today ${timeline.today}, on the delivery's calendar. `
      + (late.length ? `${late.length} late: ${late.map((m) => m.title).join(', ')}.` : 'Nothing late.')));

  const scheduled = timeline.milestones.filter((m) => m.start && (m.actual || m.target));
  if (scheduled.length) {
    const chart = el('div', {
      class: 'timeline-chart', role: 'img',
      'aria-label': `Timeline of ${timeline.id}: ${scheduled.map((m) => `${m.title} ${m.label}`).join('; ')}`,
    });
    view.append(chart);
    const tasks = scheduled.map((m) => ({
      id: m.key,
      name: m.title,
      start: m.start,
      end: m.actual ?? (m.late && timeline.today > m.target ? timeline.today : m.target),
      progress: m.actual ? 100 : 0,
      custom_class: `milestone-${m.status.toLowerCase()}`,
    }));
    const days = (Date.parse(tasks.at(-1).end) - Date.parse(tasks[0].start)) / 86400000;
    // a library's picture of the table below: the table says it all in words
    new Gantt(chart, tasks, {
      readonly: true,
      popup: false,
      today_button: false,
      view_mode: days > 90 ? 'Month' : days > 30 ? 'Week' : 'Day',
      scroll_to: tasks[0].start,
      bar_height: 22,
      padding: 14,
      infinite_padding: false,
      container_height: 'auto',
    });
    drawToday(chart, tasks, timeline.today);
  } else {
    view.append(el('p', {}, 'No schedule yet: the Delivery Manager plans it in stage 2 (plan in the bot\'s chat).'));
  }

  const rows = timeline.milestones.map((m) => el('tr', { class: m.late ? 'late' : null, 'data-milestone': m.key },
    el('th', { scope: 'row' }, m.title),
    el('td', {}, m.target ?? '—'),
    el('td', {}, m.actual ?? '—'),
    el('td', {}, m.target ? `${m.acceptableDelayDays} business days (to ${m.latestAcceptable})` : '—'),
    el('td', {}, m.late ? el('strong', {}, m.label) : m.label),
    el('td', {}, m.moves.length
      ? el('ul', { class: 'plain' }, m.moves.map((v) => el('li', {},
        `${v.from ?? 'unset'} → ${v.to}: ${v.reason}`, el('div', { class: 'quiet' }, `${v.by}, ${v.at}`))))
      : '—')));
  view.append(table('Milestones: target against actual', ['Milestone', 'Target', 'Actual', 'Acceptable delay',
    'Status', 'Moves'], rows));
}

// Today's line on the delivery's own calendar, in place of the library's mark of the browser's today (which can be
// another day): placed by the scale of two bars whose start dates differ (or one bar's own length), so it needs
// nothing of the library's insides. Without either, the library's mark stays.
function drawToday(chart, tasks, today) {
  const svg = chart.querySelector('svg');
  const placed = tasks
    .map((t) => ({
      start: Date.parse(t.start), end: Date.parse(t.end),
      bar: chart.querySelector(`.bar-wrapper[data-id="${t.id}"] .bar`),
    }))
    .filter((p) => p.bar);
  const a = placed[0];
  const b = placed.findLast((p) => p.start !== a?.start);
  if (!svg || !a) return;
  const ax = Number(a.bar.getAttribute('x'));
  const perMs = b
    ? (Number(b.bar.getAttribute('x')) - ax) / (b.start - a.start)
    : a.end > a.start ? Number(a.bar.getAttribute('width')) / (a.end - a.start) : null;
  if (!perMs) return;
  chart.classList.add('own-today');
  const x = ax + (Date.parse(today) - a.start) * perMs;
  // the picture's own height: its contents may reach below what it shows
  const height = Number(svg.getAttribute('height')) || svg.getBoundingClientRect().height;
  const line = document.createElementNS('http://www.w3.org/2000/svg', 'line');
  for (const [name, value] of Object.entries({ x1: x, x2: x, y1: 0, y2: height, class: 'today-line' }))
    line.setAttribute(name, String(value));
  const label = document.createElementNS('http://www.w3.org/2000/svg', 'text');
  for (const [name, value] of Object.entries({ x: x + 4, y: Number(a.bar.getAttribute('y')) + 14, class: 'today-label' }))
    label.setAttribute(name, String(value));
  // in the first row, beside the line (the picture's header is HTML laid over the top of the SVG)
  label.textContent = `Today ${today}`;
  svg.append(line, label);
}
