// Teams as the tab's host: whether the page runs inside it, its theme (light, dark, high contrast) applied as Fluent
// tokens, its single sign-on token, and links opened through it. Outside Teams the page follows the browser's scheme.
import { setTheme } from '@fluentui/web-components/theme/set-theme.js';
import { teamsDarkTheme, teamsHighContrastTheme, teamsLightTheme } from '@fluentui/tokens';

const themes = { default: teamsLightTheme, dark: teamsDarkTheme, contrast: teamsHighContrastTheme };

let teamsJs = null;

function applyTheme(name) {
  const theme = themes[name] ? name : 'default';
  setTheme(themes[theme]);
  document.documentElement.dataset.theme = theme;
  window.dispatchEvent(new CustomEvent('tab-theme', { detail: theme }));
}

function withTimeout(promise, ms) {
  return Promise.race([promise, new Promise((_, reject) => setTimeout(() => reject(new Error('timeout')), ms))]);
}

export const host = {
  /** Teams (with its context) when the page is a tab in it, else null. */
  async connect() {
    // a tab is always framed by Teams, or in a mobile client's web view; a page opened on its own is neither
    const framed = window.parent !== window || 'nativeInterface' in window;
    if (framed) {
      try {
        teamsJs = await import('./teams.js');
        const { app, pages } = teamsJs;
        await withTimeout(app.initialize(), 5000);
        const context = await app.getContext();
        applyTheme(context.app.theme);
        app.registerOnThemeChangeHandler(applyTheme);
        return { context, pages };
      } catch {
        // not Teams after all: fall through to the browser's own scheme
      }
    }
    const dark = window.matchMedia('(prefers-color-scheme: dark)');
    const contrast = window.matchMedia('(forced-colors: active)');
    const follow = () => applyTheme(contrast.matches ? 'contrast' : dark.matches ? 'dark' : 'default');
    follow();
    dark.addEventListener('change', follow);
    contrast.addEventListener('change', follow);
    return null;
  },

  /** Teams' single sign-on token for this app (Teams asks the reader's consent the first time). */
  token() {
    return teamsJs.authentication.getAuthToken();
  },

  /** Opens a Teams deep link through Teams when in it, else in a new window. */
  open(teams, url) {
    if (teams) teamsJs.app.openLink(url);
    else window.open(url, '_blank', 'noopener');
  },
};
