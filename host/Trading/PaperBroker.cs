using AlphaHost.Host.Trading.Rules;
using AlphaHost.Sdk.Plugins;

namespace AlphaHost.Host.Trading;

/// <summary>What one bar did to the book: fills (trades and delisting payouts) and what rules stopped.</summary>
public sealed class TickExecution
{
    public List<Fill> Fills { get; } = [];
    public List<Rejection> Rejections { get; } = [];
    /// <summary>Orders whose remaining quantity or status changed on this bar.</summary>
    public List<Order> ChangedOrders { get; } = [];
}

/// <summary>
/// Fills working orders against one bar under the market rules: delisted holdings are settled
/// first, then sells (they free cash), then buys, each in order of id.
/// </summary>
public sealed class PaperBroker(TradingConfig config)
{
    public MarketRules Rules { get; } = new(config);
    public TradingConfig Config { get; } = config;

    /// <summary>
    /// Trades <paramref name="bar"/>: <paramref name="lastPrices"/> are the latest closes seen before
    /// this bar (for delisting payouts); <paramref name="nextFillId"/> numbers the fills.
    /// </summary>
    public TickExecution Execute(int tick, MarketBar bar, BarIndex rows, Book book,
        IReadOnlyDictionary<string, decimal> lastPrices, ref long nextFillId)
    {
        var result = new TickExecution();
        SettleDelisted(tick, bar, rows, book, lastPrices, result, ref nextFillId);

        var working = book.OpenOrders.Where(o => !o.IsBuy).Concat(book.OpenOrders.Where(o => o.IsBuy)).ToList();
        foreach (var order in working)
        {
            int row = rows.RowOf(order.Code);
            if (row < 0)
            {
                result.Rejections.Add(new Rejection(tick, order.Id, order.Code, Rules.Delisting.Name, order.Remaining));
                order.Close(OrderStatus.Cancelled, tick);
                result.ChangedOrders.Add(order);
                continue;
            }
            var fill = TryFill(tick, bar, row, order, book, result, ref nextFillId);
            if (fill is not null)
            {
                book.Apply(fill, bar.Date, Config.ContractMultiplier);
                result.Fills.Add(fill);
            }
            result.ChangedOrders.Add(order);
        }
        book.OpenOrders.RemoveAll(o => o.Status != OrderStatus.Open);
        return result;
    }

    private void SettleDelisted(int tick, MarketBar bar, BarIndex rows, Book book,
        IReadOnlyDictionary<string, decimal> lastPrices, TickExecution result, ref long nextFillId)
    {
        foreach (var position in book.Positions.Values.Where(p => rows.RowOf(p.Code) < 0).ToList())
        {
            if (!lastPrices.TryGetValue(position.Code, out var last))
                throw new InvalidDataException($"bar {bar.Date:yyyy-MM-dd}: {position.Code} is held but has never had a price; cannot settle its delisting");
            var fill = Rules.Delisting.Settle(nextFillId++, tick, position, last);
            book.Apply(fill, bar.Date, Config.ContractMultiplier);
            result.Fills.Add(fill);
        }
    }

    private Fill? TryFill(int tick, MarketBar bar, int row, Order order, Book book, TickExecution result, ref long nextFillId)
    {
        var position = book.Positions.GetValueOrDefault(order.Code);
        var attempt = new OrderAttempt(order, bar, row, position?.Quantity ?? 0, position?.BoughtOn(bar.Date) ?? 0);
        long quantity = order.Remaining;
        bool canFillLater = true;
        foreach (var gate in Rules.Gates)
        {
            long allowed = gate.Allow(attempt, quantity);
            if (allowed == quantity) continue;
            result.Rejections.Add(new Rejection(tick, order.Id, order.Code, gate.Name, quantity - allowed));
            canFillLater &= gate.RemainderCanFillLater;
            quantity = allowed;
            if (quantity == 0) break;
        }

        Fill? fill = null;
        if (quantity != 0)
        {
            string field = Config.FillAt == FillPrice.Open ? "open" : "vwap";
            decimal reference = Money.Price(Config.FillAt == FillPrice.Open ? bar.Open[row] : bar.Vwap[row], field, order.Code, bar.Date);
            double volume = bar.Volume[row];
            if (quantity > 0)
            {
                long affordable = Rules.Cash.Affordable(quantity, Config.LotSize, book.Cash,
                    q => BuildFill(0, tick, order, q, reference, volume).CashDelta(Config.ContractMultiplier) * -1);
                if (affordable != quantity)
                {
                    result.Rejections.Add(new Rejection(tick, order.Id, order.Code, Rules.Cash.Name, quantity - affordable));
                    quantity = affordable;
                }
            }
            if (quantity != 0)
            {
                fill = BuildFill(nextFillId++, tick, order, quantity, reference, volume);
                order.Remaining -= quantity;
            }
        }

        if (order.Remaining == 0) order.Close(OrderStatus.Filled, tick);
        else if (!Rules.Unfilled.KeepsWorking(order, canFillLater)) order.Close(OrderStatus.Cancelled, tick);
        return fill;
    }

    private Fill BuildFill(long id, int tick, Order order, long quantity, decimal reference, double volume)
    {
        decimal price = Rules.Slippage.ExecutionPrice(reference, quantity, volume);
        decimal value = quantity * price * Config.ContractMultiplier;
        decimal slippage = Math.Abs(price - reference) * Math.Abs(quantity) * Config.ContractMultiplier;
        return new Fill(id, tick, order.Id, order.Code, FillKind.Trade, quantity, reference, price,
            Rules.Commission.Cost(value), Rules.StampDuty.Cost(quantity, value), slippage);
    }
}
