/**
 * fast-check arbitraries shared by the property tests.
 */
import fc from 'fast-check'

/** Lines a generated dump is made of: words, markup look-alikes, quotes, headers. */
const line = fc.oneof(
  fc.string({ maxLength: 40 }),
  fc.string({ unit: 'grapheme', maxLength: 30 }),
  fc.constantFrom(
    'Re: (Score:2)',
    'Re:Topic (Score:5, Funny)',
    'Topic (Score:-1, Troll)',
    'Subject (Score:3, Underrated)',
    '> quoted line here',
    '# heading',
    '2. item',
    '<b>bold</b>',
    '[x](y)',
    'words [example.com]',
    'https://en.wikipedia.org/wiki/... [wikipedia.org]',
    '',
    '   ',
    'Someone writes:',
    'Title (example.com) 12',
    '\u2029para (Score:1)',
    'nbsp\u00a0inside\u00a0',
    '\u200bzero width',
    '\u202eright to left'
  )
)

/** A dump: a header, then any mix of lines, LF or CRLF, maybe a byte-order mark. */
export const dump = fc
  .tuple(fc.string({ maxLength: 30 }), fc.nat(200), fc.array(line, { maxLength: 40 }), fc.constantFrom('\n', '\r\n'), fc.boolean())
  .map(([title, count, lines, eol, bom]) => (bom ? '\ufeff' : '') + [`${title} (example.com) ${count}`, ...lines].join(eol))


/** A line as the parser keeps it in a record: no line break, no trailing whitespace, not blank. */
export const recordLine = fc
  .oneof(
    fc.string({ maxLength: 60 }),
    fc.string({ unit: 'grapheme', maxLength: 40 }),
    fc.string({ unit: 'binary', maxLength: 20 }),
    fc.stringMatching(/^[ \t\u00a0\u2028\u2029\ufeff>#*_`<>[\]()!\\&;:0-9.=|~+@/a-z-]{1,24}$/)
  )
  .map((text) => text.replace(/[\r\n]/g, ' ').replace(/\0/g, '').trimEnd())
  .filter((text) => text.trim() !== '')
