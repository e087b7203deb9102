// The Fluent UI web components the tab uses, registered once; the rest of the library is left out of the bundle.
import '@fluentui/web-components/button.js';
import '@fluentui/web-components/anchor-button.js';
import '@fluentui/web-components/badge.js';
import '@fluentui/web-components/message-bar.js';
import '@fluentui/web-components/spinner.js';
import '@fluentui/web-components/tab.js';
import '@fluentui/web-components/tablist.js';
import '@fluentui/web-components/text.js';
