import { create } from 'zustand';

export interface DialogButton<V extends string = string> {
  label: string;
  value: V;
  primary?: boolean;
  danger?: boolean;
}

export interface DialogRequest {
  title: string;
  message: string;
  buttons: DialogButton[];
  /** When set, the dialog shows a text field and resolves with its value for non-cancel buttons. */
  input?: { label: string; value: string; select?: [number, number] };
}

interface DialogStore {
  current: (DialogRequest & { resolve: (r: { button: string; input?: string } | null) => void }) | null;
  show(request: DialogRequest): Promise<{ button: string; input?: string } | null>;
  close(result: { button: string; input?: string } | null): void;
}

export const useDialog = create<DialogStore>((set, get) => ({
  current: null,
  show: (request) =>
    new Promise((resolve) => {
      get().current?.resolve(null);
      set({ current: { ...request, resolve } });
    }),
  close: (result) => {
    get().current?.resolve(result);
    set({ current: null });
  },
}));

/** A modal question with buttons; resolves with the button's value, or null if dismissed. */
export async function ask<V extends string>(title: string, message: string, buttons: DialogButton<V>[]): Promise<V | null> {
  const r = await useDialog.getState().show({ title, message, buttons });
  return (r?.button as V | undefined) ?? null;
}

/** A modal text prompt; resolves with the text, or null if cancelled. */
export async function prompt(title: string, label: string, value = '', okLabel = 'OK', select?: [number, number]): Promise<string | null> {
  const r = await useDialog.getState().show({
    title,
    message: '',
    input: { label, value, ...(select ? { select } : {}) },
    buttons: [
      { label: 'Cancel', value: 'cancel' },
      { label: okLabel, value: 'ok', primary: true },
    ],
  });
  return r?.button === 'ok' ? (r.input ?? '') : null;
}
