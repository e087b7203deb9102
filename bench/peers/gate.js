// The click both SDK sides do, the same way: a gate acknowledgement on a delivery, its state loaded from and saved to
// the SDK's Storage (a small object keyed by the delivery id the card carries), answered with the decided card.
'use strict';
const fs = require('node:fs');
const path = require('node:path');

// The card DeliveryBot answers this click with, as captured from one of its answers: the delivery, the person, the
// decided version and the minute are filled in per click.
const template = fs.readFileSync(path.join(__dirname, 'decided-card.json'), 'utf8');

const stateKey = (tenantId, deliveryId) => `deliveries/${tenantId}/${deliveryId}/schedule-acknowledged-pla`;

const text = (value) => JSON.stringify(String(value)).slice(1, -1);

function decidedCard(deliveryId, person, version, at) {
  const minute = at.toISOString().slice(0, 16).replace('T', ' ');
  return JSON.parse(template
    .replaceAll('{deliveryId}', text(deliveryId))
    .replaceAll('{person}', text(person))
    .replaceAll('"{version}"', String(Number(version)))
    .replaceAll('{at}', minute));
}

/**
 * Reads the delivery's state, refuses a second acknowledgement, marks it acknowledged and writes it (with the eTag it
 * read, so a concurrent second click loses at the storage). Returns the decided card, or a refusal as text.
 */
async function acknowledge(storage, tenantId, from, data) {
  const deliveryId = data?.deliveryId;
  if (typeof deliveryId !== 'string' || data.card !== 'gate') return { refused: 'That card is not a gate card.' };
  const key = stateKey(tenantId, deliveryId);
  const items = await storage.read([key]);
  const state = items[key] ?? { deliveryId, version: Number(data.version), eTag: '*' };
  if (state.acknowledgedBy) return { refused: `Already acknowledged by ${state.acknowledgedBy.name}.` };
  const at = new Date();
  state.acknowledgedBy = { id: from.aadObjectId ?? from.id, name: from.name, at: at.toISOString() };
  state.version = Number(data.version) + 1;
  await storage.write({ [key]: state });
  return { card: decidedCard(deliveryId, from.name, state.version, at) };
}

module.exports = { acknowledge, decidedCard };
