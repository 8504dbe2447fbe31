import { fireEvent, render, waitFor } from '@testing-library/react';
import { App as AntApp } from 'antd';
import { MemoryRouter, Route, Routes } from 'react-router-dom';
import { SessionContext } from '../api/session';
import type { Me } from '../api/types';
import { AlertsPage } from '../pages/AlertsPage';

export const operator: Me = { username: 'ops', admin: false, projects: [{ project: 'risk', role: 'operator' }], token: null };
export const viewer: Me = { username: 'ana', admin: false, projects: [{ project: 'risk', role: 'viewer' }], token: null };

/** The alerts page at a URL, as `me`. */
export function showAlerts(me: Me, url: string) {
  return render(
    <AntApp>
      <SessionContext.Provider value={me}>
        <MemoryRouter initialEntries={[url]}>
          <Routes>
            <Route path="/alerts" element={<AlertsPage />} />
          </Routes>
        </MemoryRouter>
      </SessionContext.Provider>
    </AntApp>,
  );
}

/** Chooses an option of the antd Select whose input has this id. */
export async function pick(id: string, label: string): Promise<void> {
  const input = document.getElementById(id);
  if (!input) throw new Error('no input #' + id);
  fireEvent.mouseDown(input);
  const option = await waitFor(() => {
    // Each Select's popup holds a listbox named after its input; other popups may still be in the page.
    const popup = document.getElementById(id + '_list')?.closest('.ant-select-dropdown');
    const found = Array.from(popup?.querySelectorAll<HTMLElement>('.ant-select-item-option') ?? []).find((o) => o.getAttribute('title') === label);
    if (!found) throw new Error(`no option '${label}' for #${id}`);
    return found;
  });
  fireEvent.click(option);
}

/** The cells' texts of each body row of the table inside the element with this test id. */
export function tableTexts(container: HTMLElement): string[][] {
  return Array.from(container.querySelectorAll('tbody tr.ant-table-row')).map((tr) =>
    Array.from(tr.querySelectorAll('td')).map((td) => td.textContent ?? ''),
  );
}
