import { Alert, Button, Space, Table, Upload } from 'antd';
import { useState, type ReactNode } from 'react';
import { ApiError, bearer, download, type Problem } from '../api';
import { useAction } from '../errors';

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/** A cell of an uploaded sheet the API refused, by its place ("第 3 行 用户名") and why. */
export interface BadCell {
  field: string;
  message: string;
}

/**
 * An Excel template to download and a filled-in sheet to upload (all rows or none): the upload
 * posts the file with the session token; a refusal keeps every bad cell to be listed and shows its
 * title (`failed`, with the status) as the problem.
 */
export function useExcelSheet<A extends object>(opts: {
  template: { url: string; filename: string };
  upload: { url: string; failed: { zh: string; en: string }; success?: string; onStart?: () => void; onDone: (answer: Partial<A>) => void };
}) {
  const { template: t, upload: u } = opts;
  const [badCells, setBadCells] = useState<BadCell[]>([]);
  const template = useAction(() => download(t.url, t.filename));
  const upload = useAction(async (file: File) => {
    setBadCells([]);
    u.onStart?.();
    const res = await fetch(u.url, { method: 'POST', headers: { ...bearer(), 'content-type': XLSX }, body: file });
    const answer = (await res.json().catch(() => ({}))) as Partial<Problem> & Partial<A>;
    if (!res.ok) {
      const { errors, ...rest } = answer;
      if (errors?.length) setBadCells(errors);
      throw new ApiError({ status: res.status, code: 'error', titleZh: `${u.failed.zh}（${res.status}）`, titleEn: `${u.failed.en} (${res.status})`, ...rest } as Problem);
    }
    u.onDone(answer);
  }, { success: u.success });
  return { template, upload, badCells };
}

type Sheet = ReturnType<typeof useExcelSheet>;

/** The two buttons: download the template, upload a filled-in sheet. */
export function ExcelButtons({ sheet, templateText, uploadText }: { sheet: Sheet; templateText: ReactNode; uploadText: ReactNode }) {
  const { template, upload } = sheet;
  return (
    <Space wrap>
      <Button onClick={() => void template.run()} loading={template.busy}>{templateText}</Button>
      <Upload accept=".xlsx" showUploadList={false} beforeUpload={(file) => { void upload.run(file); return false; }}>
        <Button type="primary" loading={upload.busy}>{uploadText}</Button>
      </Upload>
    </Space>
  );
}

/** Every bad cell of a refused upload, under a title that says nothing was saved. */
export function BadCells({ cells, title, placeWidth }: { cells: BadCell[]; title: (count: number) => string; placeWidth: number }) {
  if (cells.length === 0) return null;
  return (
    <div style={{ marginTop: 12 }} role="alert">
      <Alert type="error" showIcon title={title(cells.length)} />
      <Table
        rowKey={(r, i) => `${r.field}-${i}`}
        size="small"
        style={{ marginTop: 8 }}
        dataSource={cells}
        pagination={cells.length > 50 ? { pageSize: 50 } : false}
        scroll={{ x: 600 }}
        columns={[
          { title: '位置 Cell', dataIndex: 'field', width: placeWidth },
          { title: '问题 Problem', dataIndex: 'message' },
        ]}
      />
    </div>
  );
}
