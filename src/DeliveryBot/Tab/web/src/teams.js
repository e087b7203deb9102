// Microsoft's TeamsJS, in a chunk of its own: only a page framed by Teams loads it (see host.js).
export { app, authentication, pages } from '@microsoft/teams-js';
