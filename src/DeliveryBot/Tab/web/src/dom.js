// Small helpers to build the page from data as text nodes: nothing the API returns is ever parsed as markup.

/** An element with attributes (a function value is an event handler) and children (strings become text). */
export function el(tag, attributes = {}, ...children) {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) {
    if (value === undefined || value === null || value === false) continue;
    if (typeof value === 'function') node.addEventListener(name.replace(/^on/, ''), value);
    else node.setAttribute(name, value === true ? '' : String(value));
  }
  for (const child of children.flat()) {
    if (child === undefined || child === null || child === false) continue;
    const text = typeof child === 'string' || typeof child === 'number';
    node.append(text ? document.createTextNode(String(child)) : child);
  }
  return node;
}

export function clear(node) {
  while (node.firstChild) node.firstChild.remove();
}

/** A Fluent message bar saying what went wrong, read out by screen readers. */
export function problem(title, detail) {
  return el('fluent-message-bar', { intent: 'error', role: 'alert' },
    el('strong', {}, title), detail ? ` ${detail}` : '');
}

/** A table with a caption, its header row and one row per item. */
export function table(caption, headers, rows) {
  return el('table', {},
    el('caption', {}, caption),
    el('thead', {}, el('tr', {}, headers.map((h) => el('th', { scope: 'col' }, h)))),
    el('tbody', {}, rows));
}
