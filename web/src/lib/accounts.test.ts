import { describe, expect, it } from 'vitest';
import {
  absoluteUrl, accountUnits, filterAccounts, newPasswordProblems, parseDays, refusalByField, refusedFields,
  tokenState, unitChoices, type Account, type ApiToken,
} from './accounts';
import { ApiError } from './api';
import type { OrgUnit } from './types';

const account = (id: number, username: string, over: Partial<Account> = {}): Account => ({
  id, username, display_name: username, role: 'editor', unit_id: null, unit_code: null, unit_name: null, active: true,
  created_at: null, updated_at: null, last_login_at: null, ...over,
});

const accounts = [
  account(1, 'admin', { role: 'admin', display_name: 'Quản trị' }),
  account(2, 'hanoi.nhap', { display_name: 'Đỗ Hà Nội', unit_id: 10, unit_name: 'Hà Nội' }),
  account(3, 'hanoi.duyet', { role: 'approver', display_name: 'Ánh Hà Nội', unit_id: 10, unit_name: 'Hà Nội' }),
  account(4, 'hatay.nhap', { display_name: 'Bình Hà Tây', unit_id: 11, unit_name: 'Hà Tây', active: false }),
];

describe('the accounts list', () => {
  it('keeps what every filter asks, in Vietnamese order of names', () => {
    const all = { role: '', unit: '', active: '' };
    expect(filterAccounts(accounts, all).map((a) => a.username)).toEqual(['hanoi.duyet', 'hatay.nhap', 'hanoi.nhap', 'admin']);
    expect(filterAccounts(accounts, { ...all, role: 'editor' }).map((a) => a.id)).toEqual([4, 2]);
    expect(filterAccounts(accounts, { ...all, unit: '10' }).map((a) => a.id)).toEqual([3, 2]);
    expect(filterAccounts(accounts, { ...all, unit: 'none' }).map((a) => a.id)).toEqual([1]);
    expect(filterAccounts(accounts, { ...all, active: 'inactive' }).map((a) => a.id)).toEqual([4]);
    expect(filterAccounts(accounts, { role: 'editor', unit: '10', active: 'active' }).map((a) => a.id)).toEqual([2]);
    expect(filterAccounts(accounts, { role: 'viewer', unit: '', active: '' })).toEqual([]);
  });
  it('offers each unit the accounts are attached to once', () => {
    expect(accountUnits(accounts)).toEqual([{ id: 10, name: 'Hà Nội' }, { id: 11, name: 'Hà Tây' }]);
  });
});

describe('the unit choices', () => {
  const unit = (id: number, name: string, kind: string): OrgUnit =>
    ({ id, name, kind, code: String(id), parent_id: null, valid_from: null, valid_to: null, aliases: [], successor_ids: [] });
  const units = [unit(3, 'Thành phố Hà Nội', 'province'), unit(1, 'Bộ Lao động', 'ministry'), unit(5, 'Vụ Kế hoạch', 'department'),
    unit(2, 'An Giang', 'province'), unit(4, 'Cục Việc làm', 'department')];
  it('groups the ministry, its departments and the provinces, each in Vietnamese order', () => {
    expect(unitChoices(units)).toEqual([
      { kind: 'ministry', units: [{ id: 1, name: 'Bộ Lao động' }] },
      { kind: 'department', units: [{ id: 4, name: 'Cục Việc làm' }, { id: 5, name: 'Vụ Kế hoạch' }] },
      { kind: 'province', units: [{ id: 2, name: 'An Giang' }, { id: 3, name: 'Thành phố Hà Nội' }] },
    ]);
  });
  it("keeps an account's unit that is no longer in today's organisation, so saving does not move it", () => {
    const groups = unitChoices(units, { id: 11, name: 'Hà Tây' });
    expect(groups[0]).toEqual({ kind: 'current', units: [{ id: 11, name: 'Hà Tây' }] });
    expect(unitChoices(units, { id: 3, name: 'Thành phố Hà Nội' })[0].kind).toBe('ministry');
    expect(unitChoices(units, { id: null, name: null })).toHaveLength(3);
  });
});

describe('the password forms', () => {
  it('ask for a new password and the same one twice, and leave its strength to the server', () => {
    expect(newPasswordProblems('', '')).toEqual({ password: 'password_required' });
    expect(newPasswordProblems('Ngựa-vằn-ăn-cỏ-2026', 'Ngựa-vằn-ăn-cỏ-2025')).toEqual({ repeat: 'password_repeat_differs' });
    expect(newPasswordProblems('12345678', '12345678')).toEqual({});
  });
  it("put the server's refusal on the field it names: the policy's message under the new password", () => {
    const weak = { error: { code: 'weak_password', message: 'Mật khẩu chưa đạt yêu cầu.', details: [{ field: 'new_password', message: 'Mật khẩu dựa trên một từ trong từ điển' }] } };
    expect(refusalByField(weak)).toEqual({ fields: { password: 'Mật khẩu dựa trên một từ trong từ điển' }, general: null });
    const create = { error: { code: 'weak_password', message: 'x', details: [{ field: 'password', message: 'Mật khẩu quá ngắn (ít nhất 10 ký tự)' }] } };
    expect(refusalByField(create).fields).toEqual({ password: 'Mật khẩu quá ngắn (ít nhất 10 ký tự)' });
    const fragment = { error: { code: 'weak_password', message: 'Mật khẩu chưa đủ mạnh: cần ít nhất 10 ký tự', details: [{ field: 'password', message: 'cần ít nhất 10 ký tự' }] } };
    expect(refusalByField(fragment)).toEqual({ fields: { password: 'Mật khẩu chưa đủ mạnh: cần ít nhất 10 ký tự' }, general: null });
    const unit = { error: { code: 'invalid_user', message: 'Tài khoản chưa hợp lệ', details: [{ field: 'unit', message: 'Vai trò editor cần một đơn vị' }] } };
    expect(refusalByField(unit)).toEqual({ fields: { unit: 'Vai trò editor cần một đơn vị' }, general: null });
  });
  it('put a refusal that names no field on the field its code is about', () => {
    expect(refusalByField({ error: { code: 'bad_current_password', message: 'Mật khẩu hiện tại không đúng.' } }))
      .toEqual({ fields: { current: 'Mật khẩu hiện tại không đúng.' }, general: null });
    expect(refusalByField({ error: { code: 'reset_code_invalid', message: 'Mã đặt lại không đúng, đã dùng hoặc đã hết hạn.' } }).fields)
      .toEqual({ code: 'Mã đặt lại không đúng, đã dùng hoặc đã hết hạn.' });
  });
  it('keep for the whole form what is about no field', () => {
    expect(refusalByField({ error: { code: 'self_change', message: 'Không thể tự hạ quyền của mình.' } }))
      .toEqual({ fields: {}, general: 'Không thể tự hạ quyền của mình.' });
    expect(refusalByField({ error: { code: 'invalid_argument', message: 'Dữ liệu chưa hợp lệ.', details: [{ field: 'role', message: 'Vai trò không hợp lệ' }, { field: 'x', message: 'lạ' }] } }))
      .toEqual({ fields: { role: 'Vai trò không hợp lệ' }, general: 'Dữ liệu chưa hợp lệ. x: lạ' });
    expect(refusalByField(null)).toEqual({ fields: {}, general: null });
  });
  it('leave an error that is no refusal of the form (the network, a 403) whole', () => {
    const net = new ApiError(0, 'network', 'network', null);
    expect(refusedFields(net)).toEqual({ fields: {}, general: net });
    const weak = new ApiError(400, 'weak_password', 'x', { error: { code: 'weak_password', message: 'x', details: [{ field: 'password', message: 'ngắn' }] } });
    expect(refusedFields(weak)).toEqual({ fields: { password: 'ngắn' }, general: null });
  });
});

describe('API tokens and reset codes', () => {
  const token = (over: Partial<ApiToken>): ApiToken =>
    ({ id: 1, name: 'báo cáo tự động', created_at: '2012-03-16T02:00:00Z', expires_at: '2012-06-14T02:00:00Z', last_used_at: null, revoked_at: null, ...over });
  it("says a token is revoked or expired by the server's word, never by the browser's clock", () => {
    expect(tokenState(token({}))).toBe('active'); // 2012: long past for the browser, not for a rehearsal's server
    expect(tokenState(token({ revoked_at: '2012-03-17T01:00:00Z' }))).toBe('revoked');
    expect(tokenState(token({ expired: true }))).toBe('expired');
  });
  it('takes 1 to 365 whole days', () => {
    expect(parseDays('90')).toBe(90);
    expect(parseDays(' 365 ')).toBe(365);
    for (const bad of ['0', '366', '1,5', '-3', '', 'chín mươi', '1e2']) expect(parseDays(bad), bad).toBeNull();
  });
  it("makes the reset link whole, whether the server sends a path or an address", () => {
    expect(absoluteUrl('/reset?code=AB12-CD34', 'http://127.0.0.1:8080')).toBe('http://127.0.0.1:8080/reset?code=AB12-CD34');
    expect(absoluteUrl('https://workplan.molisa.gov.vn/reset?code=X', 'http://127.0.0.1:8080')).toBe('https://workplan.molisa.gov.vn/reset?code=X');
  });
});
