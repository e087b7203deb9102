// The Microsoft 365 Agents SDK side (@microsoft/agents-hosting 1.8.1): an AgentApplication whose adaptive-card
// route for the verb gate.acknowledge answers the click, state through the SDK's Storage (its MemoryStorage, or
// SQLite with synced commits), hosted the way the SDK's own startServer (@microsoft/agents-hosting-express) hosts it
// (Express, express.json, authorizeJWT, CloudAdapter.process) but on loopback and on the port the bench gives.
// With --job same it does the rest of DeliveryBot's work on the click too (same-job.js): a record of the delivery's
// size read and written with an audit entry, and the status card redrawn in its channel behind the answer.
//   node agents-side.js --metadata <OpenID metadata URL> [--storage memory|sqlite --db file] [--port 0]
//                       [--job click|same --records N --people N]
'use strict';
const path = require('node:path');
const { AppId, sideOptions, storageFor, listen } = require('./side-options');

const options = sideOptions();

// Where the keys come from. authorizeJWT in 1.8.1 has no setting for the key set or the OpenID metadata: for a token
// issued by https://api.botframework.com it fetches https://login.botframework.com/v1/.well-known/keys, a constant
// (buildJwksUri in dist/src/auth/jwt-middleware.js; for other issuers it derives the URL from the configured
// authority, which the Bot Connector's tokens never reach). The least invasive honest way to point it at the bench's
// keys: its key client (jwks-rsa, created through the module's default export) is handed that one address swapped for
// the jwks_uri of the bench's metadata, before the SDK is loaded. Everything else is the SDK's own check:
// jsonwebtoken.verify with RS256, the audience, expiry, clock skew, and the issuer (validateIssuer on).
const BotFrameworkKeys = 'https://login.botframework.com/v1/.well-known/keys';

async function redirectKeys(metadataUrl) {
  const metadata = await (await fetch(metadataUrl)).json();
  const hosting = path.dirname(require.resolve('@microsoft/agents-hosting'));
  const jwksRsaPath = require.resolve('jwks-rsa', { paths: [hosting] });
  const jwksRsa = require(jwksRsaPath);
  const redirected = (clientOptions) => jwksRsa({
    ...clientOptions,
    jwksUri: clientOptions.jwksUri === BotFrameworkKeys ? metadata.jwks_uri : clientOptions.jwksUri,
  });
  Object.assign(redirected, jwksRsa);
  require.cache[jwksRsaPath].exports = redirected;
}

async function main() {
  await redirectKeys(options.metadata);
  const express = require('express');
  const {
    AgentApplication,
    CloudAdapter,
    MemoryStorage,
    MsalTokenProvider,
    authorizeJWT,
    getAuthConfigWithDefaults,
  } = require('@microsoft/agents-hosting');
  const gate = require('./gate');
  const sameJob = require('./same-job');

  const authConfig = getAuthConfigWithDefaults({
    clientId: AppId,
    clientSecret: 'bench',
    tenantId: 'botframework.com',
    issuers: ['https://api.botframework.com'],
    validateIssuer: true,
  });
  // The adapter asks its token provider for the app's Bot Connector token on every activity (to build the connector
  // client). As the DeliveryBot side is given its app token instead of fetching it from Entra, this one is put in the
  // SDK's own token cache, where its first fetch would have left it; the lookup stays on each click.
  const tokens = new MsalTokenProvider(authConfig);
  MsalTokenProvider._accessTokenCache.set(
    tokens.getAccessTokenCacheKey(authConfig, 'https://api.botframework.com'), 'bench-app-token', 24 * 3600);

  const adapter = new CloudAdapter(authConfig);
  const storage = storageFor(options, MemoryStorage);
  const agent = new AgentApplication({ storage, adapter });
  const same = options.job === 'same';
  if (same) await sameJob.seed(storage, options.records, options.people);
  let redrawsFailed = 0;
  agent.adaptiveCards.actionExecute('gate.acknowledge', async (context, _state, action) => {
    const activity = context.activity;
    const tenantId = activity.conversation?.tenantId ?? activity.channelData?.tenant?.id;
    const result = await (same ? sameJob : gate).acknowledge(storage, tenantId, activity.from, action.data);
    if (result.record) {
      // behind the answer: started after the promises of this turn, which write the invoke's response
      setImmediate(() => sameJob.redraw(adapter, AppId, activity, result.record)
        .catch((e) => {
          if (redrawsFailed++ < 5) process.stdout.write(`FAILED status card not redrawn: ${e.message}\n`);
        }));
    }
    return result.card ?? result.refused;
  });

  const app = express();
  app.use(express.json());
  app.post('/api/messages', authorizeJWT(authConfig),
    (req, res) => adapter.process(req, res, (context) => agent.run(context)));
  listen(app, options.port);
}

main().catch((e) => { console.error(e); process.exit(1); });
