/**
 * A strict little XML reader for the SVG the diagrams are: it throws on anything that is not
 * well-formed (unbalanced tags, unquoted or repeated attributes, a bare `&` or `<` in text), so a
 * test can say "the SVG parses" without a browser, and query the elements.
 */
export interface XmlElement {
  readonly name: string;
  readonly attributes: Readonly<Record<string, string>>;
  readonly children: XmlElement[];
  /** Text directly inside the element, entities decoded. */
  text: string;
}

const ENTITY = /&(?:(amp|lt|gt|quot|apos)|#(\d+)|#x([0-9a-fA-F]+));/y;
const NAMED: Readonly<Record<string, string>> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

function decode(text: string, where: number): string {
  let out = '';
  for (let i = 0; i < text.length; i++) {
    const char = text[i]!;
    if (char === '<') throw new Error(`xml: "<" in text at ${where + i}`);
    if (char !== '&') {
      out += char;
      continue;
    }
    ENTITY.lastIndex = i;
    const match = ENTITY.exec(text);
    if (!match) throw new Error(`xml: bare "&" at ${where + i}: ${text.slice(i, i + 12)}`);
    out += match[1] ? NAMED[match[1]] : String.fromCodePoint(match[2] ? Number(match[2]) : parseInt(match[3]!, 16));
    i += match[0].length - 1;
  }
  return out;
}

/** Parses a document with one root element (after an optional declaration, DOCTYPE and comments). */
export function parseXml(source: string): XmlElement {
  const root: XmlElement = { name: '#document', attributes: {}, children: [], text: '' };
  const stack: XmlElement[] = [root];
  let i = 0;
  while (i < source.length) {
    const open = source.indexOf('<', i);
    const textEnd = open < 0 ? source.length : open;
    const text = source.slice(i, textEnd);
    if (stack.length === 1 && text.trim() !== '') throw new Error(`xml: text outside the root at ${i}`);
    stack[stack.length - 1]!.text += decode(text, i);
    if (open < 0) break;
    if (source.startsWith('<!--', open)) {
      const end = source.indexOf('-->', open);
      if (end < 0) throw new Error('xml: unterminated comment');
      i = end + 3;
    } else if (source.startsWith('<?', open)) {
      i = source.indexOf('?>', open) + 2;
    } else if (source.startsWith('<!DOCTYPE', open)) {
      i = source.indexOf('>', open) + 1;
    } else if (source.startsWith('</', open)) {
      const end = source.indexOf('>', open);
      const name = source.slice(open + 2, end).trim();
      const current = stack.pop()!;
      if (current.name !== name) throw new Error(`xml: </${name}> closes <${current.name}> at ${open}`);
      i = end + 1;
    } else {
      const tag = /^<([A-Za-z_][\w:.-]*)((?:\s+[A-Za-z_][\w:.-]*\s*=\s*(?:"[^"<]*"|'[^'<]*'))*)\s*(\/?)>/.exec(source.slice(open));
      if (!tag) throw new Error(`xml: malformed tag at ${open}: ${source.slice(open, open + 40)}`);
      const attributes: Record<string, string> = {};
      for (const [, key, double, single] of tag[2]!.matchAll(/([A-Za-z_][\w:.-]*)\s*=\s*(?:"([^"]*)"|'([^']*)')/g)) {
        if (key! in attributes) throw new Error(`xml: attribute ${key} repeated at ${open}`);
        attributes[key!] = decode(double ?? single ?? '', open);
      }
      const element: XmlElement = { name: tag[1]!, attributes, children: [], text: '' };
      if (stack.length === 1 && root.children.length > 0) throw new Error('xml: more than one root element');
      stack[stack.length - 1]!.children.push(element);
      if (!tag[3]) stack.push(element);
      i = open + tag[0].length;
    }
  }
  if (stack.length !== 1) throw new Error(`xml: <${stack[stack.length - 1]!.name}> is never closed`);
  if (root.children.length !== 1) throw new Error('xml: no root element');
  return root.children[0]!;
}

/** Every element under `element` (itself included) that `match` accepts, in document order. */
export function findAll(element: XmlElement, match: (element: XmlElement) => boolean): XmlElement[] {
  return [...(match(element) ? [element] : []), ...element.children.flatMap((child) => findAll(child, match))];
}

/** The elements of a Graphviz SVG of one class (`node service` → `service`). */
export function byClass(svg: XmlElement, className: string): XmlElement[] {
  return findAll(svg, (element) => (element.attributes.class ?? '').split(/\s+/).includes(className));
}

/** All the text inside an element. */
export function textOf(element: XmlElement): string {
  return element.text + element.children.map(textOf).join('');
}
