// What the editor page does to the Monaco editor, in one place: read and replace the text (as an
// undoable edit), show problems as markers, take the cursor somewhere.
import type { Monaco } from '@monaco-editor/react';
import type { editor } from 'monaco-editor/esm/vs/editor/editor.api';
import { MARKER_OWNER } from './flinksql';
import type { MarkerRange, ProblemMarker } from './markers';
import { minimalEdit } from './textEdit';

export interface EditorHandle {
  getText(): string;
  /** Replaces the text by one edit of the part that differs, which Ctrl+Z undoes. */
  replaceText(text: string, source: string): void;
  /** Replaces a range (a quick fix) as one undoable edit. */
  edit(range: MarkerRange, text: string, source: string): void;
  rangeText(range: MarkerRange): string;
  setMarkers(markers: ProblemMarker[]): void;
  reveal(line: number, column: number): void;
  modelUri(): string;
}

export function monacoHandle(ed: editor.IStandaloneCodeEditor, monaco: Monaco): EditorHandle {
  return {
    getText: () => ed.getValue(),
    replaceText(text, source) {
      const model = ed.getModel();
      if (!model) return;
      const edit = minimalEdit(model.getValue(), text);
      if (!edit) return;
      const start = model.getPositionAt(edit.start);
      const end = model.getPositionAt(edit.end);
      ed.pushUndoStop();
      ed.executeEdits(source, [
        { range: new monaco.Range(start.lineNumber, start.column, end.lineNumber, end.column), text: edit.text, forceMoveMarkers: true },
      ]);
      ed.pushUndoStop();
    },
    edit(range, text, source) {
      ed.pushUndoStop();
      ed.executeEdits(source, [
        { range: new monaco.Range(range.startLineNumber, range.startColumn, range.endLineNumber, range.endColumn), text, forceMoveMarkers: true },
      ]);
      ed.pushUndoStop();
    },
    rangeText(range) {
      const model = ed.getModel();
      return model ? model.getValueInRange(new monaco.Range(range.startLineNumber, range.startColumn, range.endLineNumber, range.endColumn)) : '';
    },
    setMarkers(markers) {
      const model = ed.getModel();
      if (!model) return;
      monaco.editor.setModelMarkers(
        model,
        MARKER_OWNER,
        markers.map((m) => ({
          startLineNumber: m.startLineNumber,
          startColumn: m.startColumn,
          endLineNumber: m.endLineNumber,
          endColumn: m.endColumn,
          message: m.message,
          severity: monaco.MarkerSeverity.Error,
          source: m.statement > 0 ? `statement ${m.statement}` : undefined,
        })),
      );
    },
    reveal(line, column) {
      ed.setPosition({ lineNumber: line, column });
      ed.revealPositionInCenter({ lineNumber: line, column });
      ed.focus();
    },
    modelUri: () => ed.getModel()?.uri.toString() ?? '',
  };
}
