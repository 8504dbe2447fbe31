import { Result } from 'antd';

export function EditorPage() {
  return <Result status="info" title="EditorPage is being built" />;
}
