// The click with the rest of DeliveryBot's work on it, written as an Agents SDK bot would do that work, so the peers
// bench can say what the SDK costs doing the same job and not only the same click. Per click: the delivery's record
// (the status card's data, as cards/status.data.json, with its audit trail: ~2.8 KB stored) is read from the SDK's
// Storage, refused if it belongs to another organisation or is already acknowledged, given the acknowledgement, a
// new version and an audit entry, and written back with the eTag it was read with; the decided card is the answer.
// Behind the answer, as DeliveryBot's outbox does it, the delivery's status card is expanded from DeliveryBot's own
// template (cards/status.json) with Microsoft's templating engine and updated in place in the delivery's channel
// through the adapter's continueConversation. Not done here, and done by DeliveryBot: the fan-out kept durably until
// sent, the DM's note, index rows and metric facts.
'use strict';
const fs = require('node:fs');
const path = require('node:path');
const { Template } = require('adaptivecards-templating');
const { decidedCard } = require('./gate');

const cards = path.join(__dirname, '..', '..', 'cards');
const sample = JSON.parse(fs.readFileSync(path.join(cards, 'status.data.json'), 'utf8'));
// parsed once, as a bot keeps its templates: each expansion evaluates the template against one record
const statusCard = new Template(JSON.parse(fs.readFileSync(path.join(cards, 'status.json'), 'utf8')));

const recordKey = (deliveryId) => `deliveries/${deliveryId}`;
const tenantOf = (person) => `tenant-bench-${person}`; // the clicks bench's organisations (ClicksBench.TenantOf)
const minute = (at) => at.toISOString().slice(0, 16).replace('T', ' ');

/** Deliveries D1..Dcount, delivery i in organisation i mod people (as the bench seeds DeliveryBot's), 2,000 a write. */
async function seed(storage, count, people) {
  for (let start = 0; start < count; start += 2000) {
    const changes = {};
    for (let i = start; i < Math.min(count, start + 2000); i++) {
      const id = `D${i + 1}`;
      changes[recordKey(id)] = {
        ...structuredClone(sample),
        id,
        deliveryId: id,
        tenantId: tenantOf(i % people),
        acknowledgedBy: null,
        audit: [{ at: sample.updatedAt, who: 'Dana', what: 'Delivery planned' }],
        eTag: '*',
      };
    }
    await storage.write(changes);
  }
}

/**
 * The click: the decided card, or a refusal as text; on a decision also `redraw`, the work behind the answer.
 */
async function acknowledge(storage, tenantId, from, data) {
  const deliveryId = data?.deliveryId;
  if (typeof deliveryId !== 'string' || data.card !== 'gate') return { refused: 'That card is not a gate card.' };
  const key = recordKey(deliveryId);
  const record = (await storage.read([key]))[key];
  if (!record || record.tenantId !== tenantId) return { refused: `There is no delivery ${deliveryId}.` };
  if (record.acknowledgedBy) return { refused: `Already acknowledged by ${record.acknowledgedBy.name}.` };
  const at = new Date();
  record.acknowledgedBy = { id: from.aadObjectId ?? from.id, name: from.name, at: at.toISOString() };
  record.recordVersion += 1;
  record.updatedAt = minute(at);
  record.nextActions = record.nextActions.filter((a) => !a.what.startsWith('Acknowledge the schedule'));
  record.audit.push({ at: at.toISOString(), who: from.name, what: 'Schedule acknowledged (PLA)' });
  await storage.write({ [key]: record });
  return { card: decidedCard(deliveryId, from.name, record.recordVersion, at), record };
}

/**
 * The delivery's status card drawn again from its record and updated in place in its channel: the reference is the
 * click's (its service, bot and person) with the delivery's channel in place of the click's conversation.
 */
async function redraw(adapter, appId, click, record) {
  const card = statusCard.expand({ $root: record });
  const conversation = { id: `19:status-${record.id}@thread.tacv2`, conversationType: 'channel',
    tenantId: record.tenantId };
  const reference = { ...click.getConversationReference(), conversation, activityId: undefined };
  await adapter.continueConversation(appId, reference, async (context) => {
    await context.updateActivity({
      type: 'message', id: `status-${record.id}`, serviceUrl: reference.serviceUrl, conversation,
      attachments: [{ contentType: 'application/vnd.microsoft.card.adaptive', content: card }],
    });
  });
}

module.exports = { seed, acknowledge, redraw };
