// Calls to the tab's API with the reader's bearer token. A 401 means the token is not (or no longer) good: the page
// shows nothing of the answer and asks to sign in again.
export class SignedOut extends Error {}

export class NotThere extends Error {}

export function api(token) {
  async function get(path) {
    const response = await fetch(path, { headers: { Authorization: `Bearer ${token}` }, cache: 'no-store' });
    if (response.status === 401) throw new SignedOut('Your sign-in is not valid any more.');
    if (response.status === 404 || response.status === 403) {
      const body = await response.json().catch(() => ({}));
      throw new NotThere(body.message ?? 'Not found.');
    }
    if (!response.ok) throw new Error(`The bot answered ${response.status}.`);
    return response.json();
  }
  return {
    portfolio: () => get('/tab/api/portfolio'),
    timeline: (id) => get(`/tab/api/deliveries/${encodeURIComponent(id)}/timeline`),
    metrics: () => get(`/tab/api/metrics?zone=${encodeURIComponent(Intl.DateTimeFormat().resolvedOptions().timeZone)}`),
  };
}
