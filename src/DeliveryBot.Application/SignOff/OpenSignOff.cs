using DeliveryBot.Domain.Deliveries;
using DeliveryBot.Domain.People;
using DeliveryBot.Domain.Record;

namespace DeliveryBot.Application.SignOff;

/// <summary>A sign-off link that works now, with what its page shows: the delivery and who it is for.</summary>
public sealed record OpenSignOff(Delivery Delivery, SignOffLink Link, Person ClientContact, HandoverPackage Package)
{
    public string DeliveryManager => Delivery.HolderOf(Role.DeliveryManager)?.DisplayName ?? "";
}
