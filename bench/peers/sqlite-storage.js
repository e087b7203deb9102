// A durable Storage for both SDKs (their Storage interface is the same: read, write, delete of JSON items with
// eTags): SQLite through better-sqlite3, journal in WAL, synchronous=FULL, so each write is on disk before it
// returns, and so before the answer.
'use strict';
const Database = require('better-sqlite3');

class SqliteStorage {
  constructor(file) {
    this.db = new Database(file);
    this.db.pragma('journal_mode = WAL');
    this.db.pragma('synchronous = FULL');
    this.db.exec('CREATE TABLE IF NOT EXISTS items (key TEXT PRIMARY KEY, etag INTEGER NOT NULL, doc TEXT NOT NULL)');
    this.select = this.db.prepare('SELECT etag, doc FROM items WHERE key = ?');
    this.upsert = this.db.prepare(
      'INSERT INTO items (key, etag, doc) VALUES (?, 1, ?) ' +
      'ON CONFLICT (key) DO UPDATE SET etag = etag + 1, doc = excluded.doc RETURNING etag');
    this.remove = this.db.prepare('DELETE FROM items WHERE key = ?');
    // one transaction per write call: all of its changes or none, the eTags checked inside it
    this.writeAll = this.db.transaction((changes) => {
      for (const [key, item] of Object.entries(changes)) {
        const { eTag, ...rest } = item;
        if (eTag && eTag !== '*') {
          const row = this.select.get(key);
          if (!row || String(row.etag) !== eTag) throw new Error(`Storage: eTag conflict on ${key}`);
        }
        this.upsert.get(key, JSON.stringify(rest));
      }
    });
  }

  async read(keys) {
    if (!Array.isArray(keys)) throw new Error('Storage: keys are required');
    const items = {};
    for (const key of keys) {
      const row = this.select.get(key);
      if (row) items[key] = { ...JSON.parse(row.doc), eTag: String(row.etag) };
    }
    return items;
  }

  async write(changes) {
    if (!changes) throw new Error('Storage: changes are required');
    this.writeAll(changes);
  }

  async delete(keys) {
    for (const key of keys) this.remove.run(key);
  }
}

module.exports = { SqliteStorage };
