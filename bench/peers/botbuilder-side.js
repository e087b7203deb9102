// The Bot Framework SDK for JavaScript side (botbuilder 4.23.3): CloudAdapter with
// ConfigurationBotFrameworkAuthentication, a TeamsActivityHandler answering the gate card's Action.Execute, state
// through the SDK's Storage (its MemoryStorage, or SQLite with synced commits), on Express as its samples host it.
//   node botbuilder-side.js --metadata <OpenID metadata URL> [--storage memory|sqlite --db file] [--port 0]
'use strict';
const express = require('express');
const {
  CloudAdapter,
  ConfigurationBotFrameworkAuthentication,
  MemoryStorage,
  TeamsActivityHandler,
} = require('botbuilder');
const { acknowledge } = require('./gate');
const { AppId, sideOptions, storageFor, listen } = require('./side-options');

const options = sideOptions();
const storage = storageFor(options, MemoryStorage);

// The SDK's own settings, as a bot's .env would set them. Setting any of the endpoint settings makes the SDK take
// all of them as given (BotFrameworkAuthenticationFactory), so the public cloud's values are spelled out and only
// the channel's OpenID metadata points at the bench's keys. The token is checked as for Teams: issuer
// https://api.botframework.com, audience the app id, a key endorsed for the activity's channel (msteams), the
// serviceurl claim equal to the activity's.
const authentication = new ConfigurationBotFrameworkAuthentication({
  MicrosoftAppId: AppId,
  MicrosoftAppPassword: 'bench',
  MicrosoftAppType: 'MultiTenant',
  ValidateAuthority: true,
  ToChannelFromBotLoginUrl: 'https://login.microsoftonline.com/botframework.com',
  ToChannelFromBotOAuthScope: 'https://api.botframework.com',
  ToBotFromChannelTokenIssuer: 'https://api.botframework.com',
  OAuthUrl: 'https://api.botframework.com',
  ToBotFromChannelOpenIdMetadataUrl: options.metadata,
  ToBotFromEmulatorOpenIdMetadataUrl: 'https://login.microsoftonline.com/botframework.com/v2.0/.well-known/openid-configuration',
  CallerId: 'urn:botframework:azure',
});
const adapter = new CloudAdapter(authentication);
adapter.onTurnError = async (context, error) => {
  console.error(error);
  await context.sendActivity('The bot hit an error.');
};

class GateBot extends TeamsActivityHandler {
  async onAdaptiveCardInvoke(context, invokeValue) {
    const action = invokeValue.action;
    if (action?.verb !== 'gate.acknowledge') return super.onAdaptiveCardInvoke(context, invokeValue);
    const activity = context.activity;
    const tenantId = activity.conversation?.tenantId ?? activity.channelData?.tenant?.id;
    const result = await acknowledge(storage, tenantId, activity.from, action.data);
    return result.card
      ? { statusCode: 200, type: 'application/vnd.microsoft.card.adaptive', value: result.card }
      : { statusCode: 200, type: 'application/vnd.microsoft.activity.message', value: result.refused };
  }
}
const bot = new GateBot();

const app = express();
app.use(express.json());
app.post('/api/messages', (req, res) => adapter.process(req, res, (context) => bot.run(context)));
listen(app, options.port);
