// The organisation's metrics as charts (Chart.js): the deployment trend, the on-time rate, this month's incidents by
// severity. Each chart is an image with a summary for screen readers, and its figures are in a table below it.
import {
  BarController, BarElement, CategoryScale, Chart, Legend, LinearScale, LineController, LineElement, PointElement,
  Tooltip,
} from 'chart.js';
import { clear, el, table } from './dom.js';

Chart.register(BarController, BarElement, CategoryScale, Legend, LinearScale, LineController, LineElement,
  PointElement, Tooltip);

const charts = [];

function colour(name, fallback) {
  return getComputedStyle(document.documentElement).getPropertyValue(name).trim() || fallback;
}

function percent(value) {
  return value === null || value === undefined ? 'no data' : `${Math.round(value * 1000) / 10} %`;
}

function figure(title, summary, build, figures) {
  const canvas = el('canvas', { role: 'img', 'aria-label': `${title}: ${summary}` });
  const box = el('figure', {}, el('figcaption', {}, title), el('div', { class: 'chart' }, canvas),
    el('details', {}, el('summary', {}, 'The figures'), figures));
  charts.push(build(canvas));
  return box;
}

export function showMetrics(view, metrics) {
  while (charts.length) charts.pop().destroy();
  clear(view);
  const months = metrics.months;
  const labels = months.map((m) => m.label);
  const text = colour('--colorNeutralForeground1', '#242424');
  const grid = colour('--colorNeutralStroke2', '#e0e0e0');
  const brand = colour('--colorBrandForeground1', '#5b5fc7');
  const danger = colour('--colorPaletteRedForeground1', '#c50f1f');
  const good = colour('--colorPaletteGreenForeground1', '#107c10');
  const scales = (extra = {}) => ({
    x: { ticks: { color: text }, grid: { color: grid } },
    y: { beginAtZero: true, ticks: { color: text, precision: 0 }, grid: { color: grid }, ...extra },
  });
  const options = (extra) => ({
    animation: false, responsive: true, maintainAspectRatio: false,
    plugins: { legend: { labels: { color: text } } }, scales: scales(extra),
  });
  const last = months.at(-1);

  view.append(
    figure('Deployments per month',
      `${last.deployments} this month, ${last.failedDeployments} failed; `
        + `target ${metrics.targets.deploymentsPerWeek} a week`,
      (canvas) => new Chart(canvas, {
        type: 'line',
        data: {
          labels,
          datasets: [
            { label: 'Deployments', data: months.map((m) => m.deployments), borderColor: brand,
              backgroundColor: brand },
            { label: 'Failed', data: months.map((m) => m.failedDeployments), borderColor: danger,
              backgroundColor: danger },
          ],
        },
        options: options(),
      }),
      table('Deployments', ['Month', 'Deployments', 'Failed', 'Change failure rate', 'Go-lives'],
        months.map((m) => el('tr', {}, el('th', { scope: 'row' }, m.label), el('td', {}, m.deployments),
          el('td', {}, m.failedDeployments), el('td', {}, percent(m.changeFailureRate)), el('td', {}, m.goLives))))),
    figure('On-time handovers',
      `${percent(last.onTimeRate)} this month of ${last.handedOver} handed over`,
      (canvas) => new Chart(canvas, {
        type: 'line',
        data: {
          labels,
          datasets: [{ label: 'On time', data: months.map((m) => (m.onTimeRate === null ? null : m.onTimeRate * 100)),
            borderColor: good, backgroundColor: good, spanGaps: true }],
        },
        options: options({ max: 100, ticks: { color: text, callback: (v) => `${v} %` } }),
      }),
      table('On-time handovers', ['Month', 'Handed over', 'On time'],
        months.map((m) => el('tr', {}, el('th', { scope: 'row' }, m.label), el('td', {}, m.handedOver),
          el('td', {}, percent(m.onTimeRate)))))),
    figure(`Incidents, ${metrics.incidents.month}`,
      Object.entries(metrics.incidents.bySeverity).map(([s, n]) => `${s} ${n}`).join(', ')
        + (metrics.incidents.mttrMinutes === null ? '' : `; MTTR ${Math.round(metrics.incidents.mttrMinutes)} min`),
      (canvas) => new Chart(canvas, {
        type: 'bar',
        data: {
          labels: Object.keys(metrics.incidents.bySeverity),
          datasets: [{ label: 'Incidents', data: Object.values(metrics.incidents.bySeverity),
            backgroundColor: danger }],
        },
        options: options(),
      }),
      table('Incidents by severity', ['Severity', 'Incidents'],
        Object.entries(metrics.incidents.bySeverity).map(([s, n]) => el('tr', {}, el('th', { scope: 'row' }, s),
          el('td', {}, n))))));
}
