/** A form's error, announced to screen readers when it appears. */
export function FormError({ message }: { message?: string }) {
  return (
    <div aria-live="assertive">
      {message ? (
        <p role="alert" className="rounded-md border border-red-300 bg-red-50 px-4 py-3 text-sm text-red-900">
          {message}
        </p>
      ) : null}
    </div>
  );
}
