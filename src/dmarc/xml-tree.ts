/**
 * XML text → a plain tree of objects and strings, the shape `parse.ts` reads: element names
 * without namespace prefixes, text of leaf elements trimmed, elements in `repeated` always arrays.
 *
 * One strict parser: saxes (the XML 1.0 / Namespaces conformant SAX parser jsdom uses) checks
 * well-formedness and feeds the tree in the same pass, so a truncated or broken report is an
 * error, never a report with records missing. The builder below is the only hand-written part.
 *
 * Hostile XML: callers refuse `<!DOCTYPE` before calling this (see parse.ts), so no entity is
 * ever declared; saxes decodes only the five predefined entities and character references and
 * fails on any other entity reference. Depth is capped here, as the elements open, so a
 * deep-nesting bomb stops at the cap instead of building the tree.
 */
import { SaxesParser } from 'saxes';
import { causeText, NetdoctorError } from '../core/errors.js';
import { DMARC_ERRORS } from './error-messages.js';

export type XmlNode = { [name: string]: XmlValue };
export type XmlValue = string | XmlNode | XmlValue[];

interface Frame {
  name: string;
  node: XmlNode;
  text: string;
  children: boolean;
}

function localName(name: string): string {
  const i = name.indexOf(':');
  return i === -1 ? name : name.slice(i + 1);
}

/** saxes's message is "line:column: text"; ours says "malformed XML: text (line L, column C)". */
function malformed(e: Error, input: string): NetdoctorError {
  const m = /^(?:[^:]*:)?(\d+):(\d+): (.*)$/s.exec(e.message);
  if (!m)
    return new NetdoctorError('ND_INPUT_FORMAT', DMARC_ERRORS.badXmlAt, {
      input,
      params: { why: causeText(e) },
    });
  const why = (m[3] as string).replace(/\.$/, '');
  return new NetdoctorError('ND_INPUT_FORMAT', DMARC_ERRORS.badXml, {
    input,
    params: { why, line: Number(m[1]), col: Number(m[2]) },
  });
}

class TooDeep extends Error {}

/** Builds the tree; throws a one-line NetdoctorError for malformed XML or excessive depth. */
export function xmlTree(
  text: string,
  input: string,
  repeated: ReadonlySet<string>,
  maxDepth: number,
): XmlNode {
  const root: Frame = { name: '', node: {}, text: '', children: false };
  const stack: Frame[] = [root];
  const parser = new SaxesParser({ position: true });
  parser.on('error', (e) => {
    throw e;
  });
  parser.on('opentag', (tag) => {
    if (stack.length > maxDepth) throw new TooDeep();
    (stack[stack.length - 1] as Frame).children = true;
    stack.push({ name: localName(tag.name), node: {}, text: '', children: false });
  });
  const onText = (t: string) => {
    (stack[stack.length - 1] as Frame).text += t;
  };
  parser.on('text', onText);
  parser.on('cdata', onText);
  parser.on('closetag', () => {
    const frame = stack.pop() as Frame;
    const parent = (stack[stack.length - 1] as Frame).node;
    const value: XmlValue = frame.children ? frame.node : frame.text.trim();
    const seen = parent[frame.name];
    if (repeated.has(frame.name)) {
      if (Array.isArray(seen)) seen.push(value);
      else parent[frame.name] = [value];
    } else if (seen === undefined) parent[frame.name] = value;
    else if (Array.isArray(seen)) seen.push(value);
    else parent[frame.name] = [seen, value];
  });
  try {
    parser.write(text).close();
  } catch (e) {
    if (e instanceof TooDeep) {
      throw new NetdoctorError('ND_INPUT_TOO_LARGE', DMARC_ERRORS.xmlTooDeep, {
        input,
        params: { max: maxDepth },
      });
    }
    throw malformed(e as Error, input);
  }
  return root.node;
}
