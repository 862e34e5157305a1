/**
 * What rendered markdown may contain: text formatting, quotes, lists, and
 * links that go to the web. No images, media, forms, ids or styles, so a page
 * never asks another host for anything and no dump text turns into markup.
 */
import type { Schema } from 'hast-util-sanitize'
import { BRACKET_CLASS, CUT_CLASS, DOMAIN_CLASS } from './annotations.ts'

/** The sanitize schema of every rendered body (story and comments alike). */
export const schema: Schema = {
  tagNames: ['a', 'blockquote', 'br', 'code', 'del', 'em', 'hr', 'li', 'ol', 'p', 'pre', 'span', 'strong', 'ul'],
  attributes: {
    a: ['href'],
    ol: ['start'],
    span: [['className', DOMAIN_CLASS, BRACKET_CLASS, CUT_CLASS], 'title']
  },
  protocols: { href: ['http', 'https', 'mailto'] },
  strip: ['script', 'style', 'template', 'textarea', 'title'],
  clobber: [],
  clobberPrefix: '',
  ancestors: {},
  required: {}
}
