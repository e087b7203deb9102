// What the bench tells a side on its command line, and how a side says it is listening.
'use strict';
const { parseArgs } = require('node:util');
const { SqliteStorage } = require('./sqlite-storage');

const AppId = '11111111-2222-3333-4444-555555555555';

function sideOptions() {
  const { values } = parseArgs({
    options: {
      port: { type: 'string', default: '0' },
      metadata: { type: 'string' }, // the bench's OpenID metadata (issuer api.botframework.com, keys on loopback)
      storage: { type: 'string', default: 'memory' }, // memory or sqlite
      db: { type: 'string' }, // the SQLite file, for storage=sqlite
      job: { type: 'string', default: 'click' }, // click, or same: the rest of DeliveryBot's work too (same-job.js)
      records: { type: 'string', default: '0' }, // deliveries seeded before it listens, for job=same
      people: { type: 'string', default: '100' }, // the organisations they belong to, as the bench's clicks
    },
  });
  if (!values.metadata) throw new Error('--metadata <OpenID metadata URL> is required');
  if (values.storage === 'sqlite' && !values.db) throw new Error('--db <file> is required with --storage sqlite');
  if (!['click', 'same'].includes(values.job)) throw new Error('--job is click or same');
  return { ...values, port: Number(values.port), records: Number(values.records), people: Number(values.people) };
}

function storageFor(options, MemoryStorage) {
  return options.storage === 'sqlite' ? new SqliteStorage(options.db) : new MemoryStorage();
}

/** Listens on loopback only and tells the bench where: `READY <url>` on a line of its own. */
function listen(app, port) {
  const server = app.listen(port, '127.0.0.1', () => {
    process.stdout.write(`READY http://127.0.0.1:${server.address().port}/api/messages\n`);
  });
  server.keepAliveTimeout = 120_000; // the bench's clients keep their connections for the whole run
  server.on('error', (e) => { console.error(e); process.exit(1); });
  return server;
}

module.exports = { AppId, sideOptions, storageFor, listen };
