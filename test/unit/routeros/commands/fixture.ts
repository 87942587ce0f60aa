import { readFileSync } from 'node:fs'
import {
  encodeSentence,
  parseSentence,
  SentenceDecoder,
} from '../../../../src/routeros/protocol.ts'
import type { Reply } from '../../../../src/routeros/session.ts'

const root = new URL('../../../fixtures/routeros/', import.meta.url)

/** Loads a captured reply and passes it through the real codec, as the session would. */
export function loadReply(device: string, command: string): Reply {
  const file = new URL(`${device}/${command}.json`, root)
  const { sentences } = JSON.parse(readFileSync(file, 'utf8')) as { sentences: string[][] }
  const bytes = Buffer.concat(sentences.map((s) => encodeSentence(s)))
  const reply: Reply = { rows: [], done: {}, empty: false }
  for (const words of new SentenceDecoder().push(bytes)) {
    const s = parseSentence(words)
    if (s.command === '!re') reply.rows.push({ ...s.attrs })
    else if (s.command === '!empty') reply.empty = true
    else if (s.command === '!done') reply.done = { ...s.attrs }
  }
  return reply
}
