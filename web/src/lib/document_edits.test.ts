import { describe, expect, it } from 'vitest';
import { checkEdits, countEdits, MAX_BLOCK_CHARS, noEdits, parseRecipients, settle, toRequest } from './document_edits';
import type { DocumentBlock, DocumentView } from './types';

const block = (key: string, text: string, edited = false): DocumentBlock => ({
  key, kind: 'paragraph', style: 'WPBody', section: 'I', area: 'II.2', unit: null, text, generated: text, edited,
  state: edited ? 'edited' : 'generated', underneath: null, suggestion: null, table: null,
});

const doc = (blocks: DocumentBlock[]): DocumentView => ({
  id: 7, program_id: 2, kind: 'consolidated', period: { key: '2012-M12', label: 'tháng 12 năm 2012' }, as_of: '2012-12-31',
  unit: null, status: 'draft', version: 3, stale: false, generated_at: '2013-01-20T02:00:00Z',
  header: { parent_body: '', issuer: 'BỘ LAO ĐỘNG - THƯƠNG BINH VÀ XÃ HỘI', symbol: 'BC-LĐTBXH', number: null, place: 'Hà Nội', date: null,
            date_line: 'Hà Nội, ngày     tháng     năm 2013', title: 'BÁO CÁO', subject: 'Tình hình thực hiện Chương trình công tác tháng 12 năm 2012' },
  signature: { authority: 'KT. BỘ TRƯỞNG', title: 'THỨ TRƯỞNG', name: '' },
  recipients: ['- Bộ trưởng (để báo cáo);', '- Lưu: VT, KHTC.'],
  counts: { blocks: blocks.length, edited: 0, changed_underneath: 0, orphaned: 0 },
  blocks,
});

describe('the edits of a document draft', () => {
  const d = doc([block('intro', 'Mở đầu.'), block('I.fig.1', 'tạo việc làm cho 1.584,8 nghìn người', true), block('II.II.2.5', 'Cục Việc làm: …')]);

  it('drop what says nothing against the document as the server has it', () => {
    const e = {
      blocks: { intro: 'Mở đầu.', 'I.fig.1': 'tạo việc làm cho gần 1,6 triệu người', gone: 'x' },
      reset: ['intro', 'I.fig.1', 'gone'], removed: ['II.II.2.5', 'gone'],
      added: [{ id: 'n1', after: 'gone', text: 'Đoạn thêm.' }, { id: 'n2', after: 'n1', text: 'Đoạn nữa.' }],
      subject: d.header.subject, recipients: [...d.recipients],
    };
    const s = settle(e, d);
    expect(s.blocks).toEqual({ 'I.fig.1': 'tạo việc làm cho gần 1,6 triệu người' });
    expect(s.reset).toEqual([]); // intro is not edited; I.fig.1 is typed into again
    expect(s.removed).toEqual(['II.II.2.5']);
    expect(s.added).toEqual([{ id: 'n1', after: 'II.II.2.5', text: 'Đoạn thêm.' }, { id: 'n2', after: 'n1', text: 'Đoạn nữa.' }]);
    expect(s.subject).toBeUndefined();
    expect(s.recipients).toBeUndefined();
    expect(countEdits(s)).toBe(4);
    expect(countEdits(noEdits())).toBe(0);
  });

  it('become the body of a save, added paragraphs after the block they follow, in order', () => {
    const e = {
      blocks: { 'I.fig.1': 'sửa' }, reset: [], removed: ['II.II.2.5'],
      added: [{ id: 'n1', after: 'intro', text: 'A' }, { id: 'n2', after: 'n1', text: 'B' }],
      subject: 'Trích yếu mới', recipients: ['- Bộ trưởng;'],
    };
    expect(toRequest(e, 3, [{ key: 'I.fig.1', take: 'mine' }])).toEqual({
      version: 3,
      blocks: [{ key: 'I.fig.1', text: 'sửa' }, { key: 'II.II.2.5', remove: true },
               { key: 'new', after: 'intro', text: 'A' }, { key: 'new', after: 'intro', text: 'B' }],
      resolve: [{ key: 'I.fig.1', take: 'mine' }],
      header: { subject: 'Trích yếu mới' },
      recipients: ['- Bộ trưởng;'],
    });
    expect(toRequest({ ...noEdits(), reset: ['I.fig.1'] }, 4)).toEqual({ version: 4, blocks: [{ key: 'I.fig.1', text: null }], resolve: [] });
  });

  it('are checked before sending: no empty paragraph, none over the limit', () => {
    const e = { ...noEdits(), blocks: { a: '  ', b: 'x'.repeat(MAX_BLOCK_CHARS + 1), c: 'ổn', d: '' }, removed: ['d'],
                added: [{ id: 'n1', after: 'a', text: '' }] };
    expect(checkEdits(e)).toEqual([{ key: 'a', problem: 'empty' }, { key: 'b', problem: 'too_long' }, { key: 'n1', problem: 'empty' }]);
    // Characters, not UTF-16 units nor bytes: 20 000 Vietnamese letters are allowed.
    expect(checkEdits({ ...noEdits(), blocks: { a: 'ệ'.repeat(MAX_BLOCK_CHARS) } })).toEqual([]);
  });

  it('read recipients one a line', () => {
    expect(parseRecipients(' - Bộ trưởng (để báo cáo);\n\n- Lưu: VT, KHTC. \n')).toEqual(['- Bộ trưởng (để báo cáo);', '- Lưu: VT, KHTC.']);
  });
});
