import { DiffEditor, type DiffOnMount } from '@monaco-editor/react';
import { useEffect, useRef } from 'react';
import { LANGUAGE_ID, registerFlinkSql } from './flinksql';

type Models = { original: { dispose(): void }; modified: { dispose(): void } } | null;

/**
 * A read-only side-by-side diff of two scripts. @monaco-editor/react disposes a diff editor's models
 * before the editor itself, which Monaco reports as an error; here the models are kept until the
 * editor is gone and disposed after it.
 */
export function ScriptDiff({ original, modified }: { original: string; modified: string }) {
  const models = useRef<Models>(null);
  const onMount: DiffOnMount = (editor) => {
    models.current = editor.getModel();
  };
  useEffect(
    () => () => {
      const m = models.current;
      setTimeout(() => {
        m?.original.dispose();
        m?.modified.dispose();
      });
    },
    [],
  );
  return (
    <DiffEditor
      original={original}
      modified={modified}
      language={LANGUAGE_ID}
      beforeMount={registerFlinkSql}
      onMount={onMount}
      keepCurrentOriginalModel
      keepCurrentModifiedModel
      options={{ readOnly: true, renderSideBySide: true, minimap: { enabled: false }, scrollBeyondLastLine: false, automaticLayout: true }}
    />
  );
}
