export function Verdict({ correct, error }: { correct: boolean | null; error?: string | null }) {
  if (error) return <span className="verdict error" title={error}>error</span>;
  if (correct === null) return <span className="verdict none">ungraded</span>;
  return <span className={`verdict ${correct ? 'right' : 'wrong'}`}>{correct ? 'right' : 'wrong'}</span>;
}
