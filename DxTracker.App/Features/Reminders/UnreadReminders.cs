namespace DxTracker.App.Features.Reminders;

/// <summary>Per circuit: tells the bell that the reminders page changed what is read.</summary>
public sealed class UnreadReminders
{
    public event Action? Changed;

    public void Notify() => Changed?.Invoke();
}
